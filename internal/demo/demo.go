// Package demo embeds the demo content set (Markdown files in the importer's
// format) and the media files it uses.
package demo

import (
	"embed"
	"io/fs"

	"github.com/busrides/busrides/internal/content"
)

//go:embed content
var contentFS embed.FS

//go:embed media
var mediaFS embed.FS

// Content is the demo content folder (topics/, authors/, series/, episodes/).
func Content() fs.FS {
	sub, err := fs.Sub(contentFS, "content")
	if err != nil {
		panic(err) // the embedded folder exists at build time
	}
	return sub
}

// Media is the demo media folder, served under /media/.
func Media() fs.FS {
	sub, err := fs.Sub(mediaFS, "media")
	if err != nil {
		panic(err)
	}
	return sub
}

// Notice is the demo site notice: the original site's beta banner.
var Notice = content.Notice{
	Enabled: true,
	Text: content.Bilingual{
		EN: "Busrides is in the beta phase of development. Regular site updates are made to enhance your experience!",
		FR: "Le site Trajets en bus est en phase bêta de développement. Des mises à jour régulières sont apportées au site pour améliorer votre expérience!",
	},
}

// Glossary is the demo glossary: terms the demo episodes use, in both
// official languages. LoadDemo adds it to an empty glossary.
func Glossary() []content.GlossaryTerm {
	term := func(en, fr, defEN, defFR string) content.GlossaryTerm {
		return content.GlossaryTerm{Terms: content.Bilingual{EN: en, FR: fr}, Definitions: content.Bilingual{EN: defEN, FR: defFR}}
	}
	return []content.GlossaryTerm{
		term("Data literacy", "Littératie des données",
			"The ability to read, understand, question and communicate with data.",
			"La capacité de lire, de comprendre, de remettre en question et de communiquer des données."),
		term("Data set", "Jeu de données",
			"A collection of related data, organized so that it can be analysed as a whole.",
			"Ensemble de données connexes, organisées pour être analysées comme un tout."),
		term("Digital government", "Gouvernement numérique",
			"Using digital technology and data to design and deliver public services around the people who use them.",
			"Utilisation des technologies numériques et des données pour concevoir et offrir des services publics axés sur les personnes qui les utilisent."),
		term("Hybrid team", "Équipe hybride",
			"A team whose members work partly in the office and partly elsewhere, often at different times.",
			"Équipe dont les membres travaillent en partie au bureau et en partie ailleurs, souvent à des moments différents."),
		term("Official languages", "Langues officielles",
			"English and French, which have equal status in the institutions of Parliament and the Government of Canada.",
			"Le français et l’anglais, qui ont un statut égal au sein des institutions du Parlement et du gouvernement du Canada."),
		term("Peer supporter", "Pair aidant",
			"A colleague trained to listen and to point others to help, drawing on their own experience.",
			"Collègue formé pour écouter et orienter vers de l’aide, en s’appuyant sur sa propre expérience."),
		term("Plain language", "Langage clair",
			"Writing that the intended readers can find, understand and use the first time they read it.",
			"Rédaction que les lecteurs visés peuvent trouver, comprendre et utiliser dès la première lecture."),
	}
}

//go:embed pages
var pagesFS embed.FS

// SitePages returns the demo site pages — About, Contact, Terms and
// conditions (« Avis ») — in both languages, their Markdown bodies read
// from pages/{key}.{lang}.md (HTML not rendered). LoadDemo adds and
// publishes the ones not stored yet.
func SitePages() []content.SitePage {
	type texts struct{ titleEN, slugEN, titleFR, slugFR string }
	pages := map[content.SitePageKey]texts{
		content.SitePageAbout:   {"About Busrides", "about", "À propos de Trajets en bus", "a-propos"},
		content.SitePageContact: {"Contact us", "contact", "Contactez-nous", "contact"},
		content.SitePageTerms:   {"Terms and conditions", "terms", "Avis", "avis"},
	}
	var out []content.SitePage
	for _, key := range content.SitePageKeys {
		t, ok := pages[key]
		if !ok {
			continue
		}
		body := func(lang content.Lang) string {
			b, err := pagesFS.ReadFile("pages/" + string(key) + "." + string(lang) + ".md")
			if err != nil {
				panic(err) // embedded at build time
			}
			return string(b)
		}
		out = append(out, content.SitePage{Key: key, Status: content.Published, Versions: map[content.Lang]*content.SitePageVersion{
			content.English: {Lang: content.English, Title: t.titleEN, Slug: t.slugEN, BodyMarkdown: body(content.English)},
			content.French:  {Lang: content.French, Title: t.titleFR, Slug: t.slugFR, BodyMarkdown: body(content.French)},
		}})
	}
	return out
}
