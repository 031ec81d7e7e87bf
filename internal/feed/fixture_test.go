package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from the current output")

const (
	frHome = "https://busrides.example/fr/baladodiffusion"
	frSelf = "https://busrides.example/fr/ecouter/balado.xml"
	enSelf = "https://busrides.example/en/listen/podcast.xml"
)

// frChannel is the fixed bilingual fixture: the French Listen feed, linked
// to its English counterpart, with accents, « », apostrophes, & and <.
func frChannel() *Channel {
	est := time.FixedZone("EST", -5*3600)
	return &Channel{
		Lang:        "fr",
		Title:       "Trajets en bus — « Écouter » & apprendre",
		Description: "Épisodes audio de l'École de la fonction publique du Canada : l'apprentissage en <5 minutes>.",
		HomeURL:     frHome,
		SelfURL:     frSelf,
		AltURL:      enSelf,
		AltLang:     "en",
		Updated:     time.Date(2024, 3, 5, 9, 30, 0, 0, est),
		Author:      "Trajets en bus",
		Copyright:   "© Sa Majesté le Roi du chef du Canada, 2024",
		Image:       &Image{URL: "https://busrides.example/static/img/podcast-fr.png", Alt: "Logo « Trajets en bus »"},
		Podcast: &Podcast{
			Locked:     true,
			OwnerName:  "École de la fonction publique du Canada",
			OwnerEmail: "balado@busrides.example",
			Category:   "Education > Courses",
			Explicit:   false,
			Type:       "episodic",
			Image:      "https://busrides.example/static/img/podcast-fr-3000.png",
		},
		Items: []Item{
			{
				ID:          ItemID("busrides.example", 41, "fr"),
				URL:         "https://busrides.example/fr/episodes/l-ete-de-l-ia",
				Title:       "L'été de l'IA : « quoi » & <comment>",
				Summary:     "Ce qu'il faut savoir sur l'IA générative — en français, s'il vous plaît.",
				ContentHTML: "<p>Notes d'épisode : <em>l'IA</em> &amp; vous.</p>\n<p>Lien : <a href=\"https://example.org/?a=1&amp;b=2\">référence</a></p>",
				Published:   time.Date(2024, 3, 4, 13, 0, 0, 0, est),
				Modified:    time.Date(2024, 3, 5, 8, 15, 30, 0, time.UTC),
				Authors:     []string{"Zoë Tremblay", "François O'Neil"},
				Categories:  []string{"Innovation", "Données & IA"},
				Image:       &Image{URL: "https://busrides.example/static/img/ep41.jpg", Alt: "Une personne dans l'autobus"},
				Enclosure:   &Enclosure{URL: "https://busrides.example/media/ep41-fr.mp3", Length: 12345678, Type: "audio/mpeg"},
				Duration:    754,
				Transcripts: []Transcript{
					{URL: "https://busrides.example/fr/episodes/l-ete-de-l-ia/transcription.vtt", Type: "text/vtt", Language: "fr"},
					{URL: "https://busrides.example/fr/episodes/l-ete-de-l-ia/transcription", Type: "text/html", Language: "fr"},
				},
			},
			{
				ID:         ItemID("busrides.example", 7, "fr"),
				URL:        "https://busrides.example/fr/episodes/gestion-du-changement",
				Title:      "Gestion du changement : ça commence où ?",
				Summary:    "Un épisode en résumé seulement, sans contenu complet.",
				Published:  time.Date(2023, 11, 20, 17, 45, 5, 0, time.UTC),
				Authors:    []string{"Amélie Côté"},
				Categories: []string{"Leadership"},
				Enclosure:  &Enclosure{URL: "https://busrides.example/media/ep7-fr.m4a", Length: 987654, Type: "audio/x-m4a"},
				Duration:   3725,
				Explicit:   true,
				Transcripts: []Transcript{
					{URL: "https://busrides.example/fr/episodes/gestion-du-changement/transcription.vtt", Type: "text/vtt", Language: "fr"},
				},
			},
		},
	}
}

// fixtureSitemap is the bilingual pair (and the home pages) with their
// hreflang alternates both ways.
func fixtureSitemap() []SitemapURL {
	en := "https://busrides.example/en/episodes/summer-of-ai"
	fr := "https://busrides.example/fr/episodes/l-ete-de-l-ia"
	alts := []Alternate{{"en-CA", en}, {"fr-CA", fr}, {"x-default", en}}
	return []SitemapURL{
		{Loc: en, LastMod: time.Date(2024, 3, 5, 8, 15, 30, 0, time.UTC), Alternates: alts},
		{Loc: fr, LastMod: time.Date(2024, 3, 5, 3, 15, 30, 0, time.FixedZone("EST", -5*3600)), Alternates: alts},
		{Loc: "https://busrides.example/fr/recherche?q=%C3%A9t%C3%A9&sort='new'"},
	}
}

// wellFormed decodes an XML document completely with encoding/xml.
func wellFormed(t *testing.T, doc []byte) {
	t.Helper()
	if !bytes.HasPrefix(doc, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("missing XML declaration: %.60q", doc)
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	roots := 0
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || depth != 0 {
		t.Fatalf("want one closed root element, got %d roots, depth %d", roots, depth)
	}
}

// golden compares got with testdata/golden/name.golden, rewriting it under
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/feed -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run with -update if intended)\ngot:\n%s", name, path, got)
	}
}
