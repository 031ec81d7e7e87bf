package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/store"
)

func mediaSHA(n int) string { return fmt.Sprintf("%064x", n) }

func testMedia(t *testing.T, s store.Store) {
	ctx := t.Context()
	owner := mustCreateUser(t, s, "uploader@example.gc.ca", content.RoleContributor)
	other := mustCreateUser(t, s, "editor@example.gc.ca", content.RoleEditor)
	base := time.Date(2026, 11, 27, 9, 30, 15, 0, time.FixedZone("EST", -5*3600))
	in := content.Media{
		Path: "uploads/2026/11/" + mediaSHA(1) + ".jpg", Kind: content.MediaImage, MIME: "image/jpeg", Bytes: 12345,
		Width: 1600, Height: 900, Label: "Été à Ottawa <b>.jpg", Alt: content.Bilingual{EN: " A bus ", FR: "Un autobus"},
		SHA256: mediaSHA(1), UploadedBy: owner.ID, CreatedAt: base,
	}
	id, err := s.CreateMedia(ctx, in)
	if err != nil || id <= 0 {
		t.Fatalf("CreateMedia = %d, %v", id, err)
	}
	want := in
	want.ID, want.Version, want.CreatedAt, want.Alt.EN = id, 1, base.UTC(), "A bus"
	got, err := s.MediaByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, *got); d != "" {
		t.Errorf("MediaByID (-want +got):\n%s", d)
	}
	if got, err := s.MediaBySHA256(ctx, strings.ToUpper(mediaSHA(1))); err != nil || got.ID != id {
		t.Errorf("MediaBySHA256 = %+v, %v", got, err)
	}
	for _, f := range []func() error{
		func() error { _, err := s.MediaByID(ctx, id+1000); return err },
		func() error { _, err := s.MediaBySHA256(ctx, mediaSHA(99)); return err },
		func() error { _, err := s.MediaBySHA256(ctx, "' OR '1'='1"); return err },
		func() error { return s.DeleteMedia(ctx, id+1000) },
		func() error { return s.SetMediaAlt(ctx, id+1000, 1, content.Bilingual{}) },
	} {
		if err := f(); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("missing media: err = %v; want ErrNotFound", err)
		}
	}

	// The same bytes, or the same path, are a conflict.
	dup := in
	dup.Path = "uploads/2026/12/" + mediaSHA(1) + ".jpg"
	if _, err := s.CreateMedia(ctx, dup); !errors.Is(err, content.ErrConflict) {
		t.Errorf("same SHA-256: err = %v; want ErrConflict", err)
	}
	dup = in
	dup.SHA256 = mediaSHA(2)
	if _, err := s.CreateMedia(ctx, dup); !errors.Is(err, content.ErrConflict) {
		t.Errorf("same path: err = %v; want ErrConflict", err)
	}
	bad := in
	bad.Kind, bad.SHA256, bad.Path = "video", mediaSHA(3), "x"
	if _, err := s.CreateMedia(ctx, bad); err == nil {
		t.Error("unknown kind accepted")
	}

	// Audio with a duration, captions by another uploader.
	audio := content.Media{Path: "uploads/2026/11/" + mediaSHA(4) + ".mp3", Kind: content.MediaAudio, MIME: "audio/mpeg",
		Bytes: 1 << 33, Duration: 61500 * time.Millisecond, SHA256: mediaSHA(4), UploadedBy: other.ID, CreatedAt: base.Add(time.Minute)}
	aid, err := s.CreateMedia(ctx, audio)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.MediaByID(ctx, aid); err != nil || got.Duration != audio.Duration || got.Bytes != 1<<33 || got.Width != 0 {
		t.Errorf("audio row: %+v, %v", got, err)
	}
	var capIDs []int64
	for i := range 5 {
		c := content.Media{Path: fmt.Sprintf("uploads/2026/11/%s.vtt", mediaSHA(10+i)), Kind: content.MediaCaptions, MIME: "text/vtt",
			Bytes: 100, SHA256: mediaSHA(10 + i), CreatedAt: base.Add(time.Duration(2+i) * time.Minute)}
		cid, err := s.CreateMedia(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		capIDs = append(capIDs, cid)
	}

	ids := func(ms []content.Media) []int64 {
		out := make([]int64, len(ms))
		for i, m := range ms {
			out[i] = m.ID
		}
		return out
	}
	list, total, err := s.MediaList(ctx, store.MediaQuery{})
	if err != nil || total != 7 || len(list) != 7 {
		t.Fatalf("MediaList all: %d rows, total %d, %v", len(list), total, err)
	}
	if list[0].ID != capIDs[4] || list[6].ID != id {
		t.Errorf("MediaList order: %v; want newest first", ids(list))
	}
	list, total, err = s.MediaList(ctx, store.MediaQuery{Kind: content.MediaCaptions, Limit: 2, Offset: 2})
	if err != nil || total != 5 {
		t.Fatalf("captions page: total %d, %v", total, err)
	}
	if d := cmp.Diff([]int64{capIDs[2], capIDs[1]}, ids(list)); d != "" {
		t.Errorf("captions page 2 (-want +got):\n%s", d)
	}
	for _, m := range list {
		if m.UploadedBy != 0 {
			t.Errorf("captions without uploader: UploadedBy %d", m.UploadedBy)
		}
	}
	list, total, err = s.MediaList(ctx, store.MediaQuery{Kind: content.MediaImage, UploadedBy: owner.ID})
	if err != nil || total != 1 || len(list) != 1 || list[0].ID != id {
		t.Errorf("owner's images: %v, total %d, %v", ids(list), total, err)
	}
	if list, total, err := s.MediaList(ctx, store.MediaQuery{Kind: "image' OR '1'='1"}); err != nil || total != 0 || len(list) != 0 {
		t.Errorf("injected kind: %d rows, %v", len(list), err)
	}

	// Alternative text: version checked, stale save refused.
	if err := s.SetMediaAlt(ctx, id, 1, content.Bilingual{EN: " Bus at dawn ", FR: "Autobus à l’aube"}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.MediaByID(ctx, id)
	if got.Alt != (content.Bilingual{EN: "Bus at dawn", FR: "Autobus à l’aube"}) || got.Version != 2 {
		t.Errorf("after SetMediaAlt: %+v v%d", got.Alt, got.Version)
	}
	if err := s.SetMediaAlt(ctx, id, 1, content.Bilingual{EN: "stale"}); !errors.Is(err, content.ErrConflict) {
		t.Errorf("stale SetMediaAlt: %v; want ErrConflict", err)
	}
	if got, _ := s.MediaByID(ctx, id); got.Alt.EN != "Bus at dawn" {
		t.Errorf("a stale save overwrote: %q", got.Alt.EN)
	}

	// Deleting the uploader keeps the file, without an uploader.
	if err := s.DeleteMedia(ctx, aid); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MediaByID(ctx, aid); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("after DeleteMedia: %v", err)
	}
	if _, total, _ := s.MediaList(ctx, store.MediaQuery{}); total != 6 {
		t.Errorf("after DeleteMedia: %d rows", total)
	}
	// The same bytes may come back once deleted.
	audio.CreatedAt = time.Time{}
	if _, err := s.CreateMedia(ctx, audio); err != nil {
		t.Errorf("re-upload after delete: %v", err)
	}

	t.Run("Variants", func(t *testing.T) { testMediaVariants(t, s, in.Path) })
}

// testMediaVariants: an image's smaller copies are stored with its row,
// come back in order with their paths from every read, and MediaVariants
// finds the images of many paths at once; copies not named after the
// file, or out of order, are refused. plain is the path of an image
// stored without copies.
func testMediaVariants(t *testing.T, s store.Store, plain string) {
	ctx := t.Context()
	path := "uploads/2026/12/" + mediaSHA(100) + ".webp"
	vs := []content.ImageVariant{
		{Width: 160, Height: 90, Path: content.VariantPath(path, 160, ".jpg")},
		{Width: 320, Height: 180, Path: content.VariantPath(path, 320, ".jpg")},
		{Width: 640, Height: 360, Path: content.VariantPath(path, 640, ".png")},
	}
	if vs[0].Path != "uploads/2026/12/"+mediaSHA(100)+"-160w.jpg" {
		t.Fatalf("VariantPath = %q", vs[0].Path)
	}
	m := content.Media{Path: path, Kind: content.MediaImage, MIME: "image/webp", Bytes: 5000, Width: 1000, Height: 563,
		Label: "wide.webp", SHA256: mediaSHA(100), Variants: vs, CreatedAt: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
	id, err := s.CreateMedia(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.MediaByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(vs, got.Variants); d != "" {
		t.Errorf("MediaByID variants (-want +got):\n%s", d)
	}
	if got, err := s.MediaByPath(ctx, path); err != nil || !cmp.Equal(vs, got.Variants) {
		t.Errorf("MediaByPath variants: %+v, %v", got, err)
	}
	list, _, err := s.MediaList(ctx, store.MediaQuery{Kind: content.MediaImage, Limit: 1})
	if err != nil || len(list) != 1 || list[0].ID != id || !cmp.Equal(vs, list[0].Variants) {
		t.Errorf("MediaList variants: %+v, %v", list, err)
	}

	// Copies named after another file, out of order or without a size
	// are refused, and nothing is stored.
	for name, bad := range map[string][]content.ImageVariant{
		"other file":   {{Width: 160, Height: 90, Path: content.VariantPath(plain, 160, ".jpg")}},
		"other width":  {{Width: 160, Height: 90, Path: content.VariantPath(path, 320, ".jpg")}},
		"gif":          {{Width: 160, Height: 90, Path: content.VariantPath(path, 160, ".gif")}},
		"out of order": {vs[1], vs[0]},
		"no height":    {{Width: 160, Path: content.VariantPath(path, 160, ".jpg")}},
		"traversal":    {{Width: 160, Height: 90, Path: "../../etc/passwd-160w.jpg"}},
	} {
		b := m
		b.Path, b.SHA256, b.Variants = "uploads/2026/12/"+mediaSHA(101)+".webp", mediaSHA(101), bad
		if _, err := s.CreateMedia(ctx, b); err == nil {
			t.Errorf("%s: copies %+v accepted", name, bad)
		}
	}
	if _, err := s.MediaBySHA256(ctx, mediaSHA(101)); !errors.Is(err, content.ErrNotFound) {
		t.Errorf("a refused row was stored: %v", err)
	}

	// One call for many paths: images only, each once, with or without
	// copies; unknown, empty, repeated and hostile paths find nothing.
	audio := "uploads/2026/12/" + mediaSHA(102) + ".mp3"
	if _, err := s.CreateMedia(ctx, content.Media{Path: audio, Kind: content.MediaAudio, MIME: "audio/mpeg", Bytes: 10, SHA256: mediaSHA(102)}); err != nil {
		t.Fatal(err)
	}
	sets, err := s.MediaVariants(ctx, []string{path, plain, audio, path, "", "uploads/2026/12/none.jpg", "' OR '1'='1", "/media/" + path})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]content.ImageSet{
		path:  {Path: path, Width: 1000, Height: 563, Variants: vs},
		plain: {Path: plain, Width: 1600, Height: 900},
	}
	if d := cmp.Diff(want, sets); d != "" {
		t.Errorf("MediaVariants (-want +got):\n%s", d)
	}
	if sets, err := s.MediaVariants(ctx, nil); err != nil || len(sets) != 0 {
		t.Errorf("MediaVariants(nil) = %v, %v", sets, err)
	}
	// More paths than one query takes.
	many := make([]string, 0, 1200)
	for i := range 1199 {
		many = append(many, fmt.Sprintf("uploads/2026/12/%064x.png", 5000+i))
	}
	many = append(many, path)
	if sets, err := s.MediaVariants(ctx, many); err != nil || len(sets) != 1 || len(sets[path].Variants) != 3 {
		t.Errorf("MediaVariants of %d paths: %d found, %v", len(many), len(sets), err)
	}
}

// testMediaUses: a file that an episode (published or draft, by its image,
// its media, a caption file in either language, or a link in its body or
// transcript, relative or absolute) or an author's photo names is listed
// with its uses and is not deleted; once nothing names it, it is.
func testMediaUses(t *testing.T, s store.Store) {
	ctx := t.Context()
	owner := mustCreateUser(t, s, "media-uses@example.gc.ca", content.RoleContributor)
	mk := func(n int, ext string, kind content.MediaKind) *content.Media {
		m := content.Media{Path: "uploads/2026/11/" + mediaSHA(n) + ext, Kind: kind, MIME: "image/png", Bytes: 10, Width: 1, Height: 1,
			Label: "file", SHA256: mediaSHA(n), UploadedBy: owner.ID, CreatedAt: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
		id, err := s.CreateMedia(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.MediaByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	img, audio, inBody, photo, unused := mk(201, ".png", content.MediaImage), mk(202, ".mp3", content.MediaAudio),
		mk(203, ".png", content.MediaImage), mk(204, ".png", content.MediaImage), mk(205, ".png", content.MediaImage)
	// Caption files: in the version's own language, and in the other
	// language (the English captions of the French recording).
	captions, otherCaptions := mk(206, ".vtt", content.MediaCaptions), mk(207, ".vtt", content.MediaCaptions)
	// An image whose smaller copy a body shows (its address copied from a
	// page): deleting the image would delete the copy.
	copied := mk(208, ".webp", content.MediaImage)
	copyURL := "/media/" + content.VariantPath(copied.Path, 320, ".jpg")

	b := bundle(
		episode("uses-image", day(3), withID("uses-image"), titled("Image here", "Image ici"), func(e *content.Episode) {
			e.Versions[content.English].Image = content.Image{URL: img.URL(), Alt: "A bus"}
		}),
		episode("uses-audio", day(2), withID("uses-audio"), draft, kind(content.Listen), titled("Audio draft", "Brouillon audio"), func(e *content.Episode) {
			e.Versions[content.French].MediaURL, e.Versions[content.French].MediaType = "https://busrides.example"+audio.URL(), "audio/mpeg"
		}),
		episode("uses-body", day(1), withID("uses-body"), titled("Body link", "Lien"), transcript(content.French, `<p><a href="`+inBody.URL()+`">plan</a></p>`)),
		episode("uses-captions", day(4), withID("uses-captions"), kind(content.Watch), titled("Captioned", "Sous-titré"), func(e *content.Episode) {
			e.Versions[content.French].Captions.FR = captions.URL()
			e.Versions[content.French].Captions.EN = "https://busrides.example" + otherCaptions.URL()
		}),
		episode("uses-copy", day(5), withID("uses-copy"), titled("Copy", "Copie"), transcript(content.English, `<p><img src="`+copyURL+`" alt="A bus"></p>`)),
	)
	mustImport(t, s, b)
	author, err := s.AuthorBySlug(ctx, content.English, "ada-lovelace")
	if err != nil {
		t.Fatal(err)
	}
	withPhoto := *author
	withPhoto.Photo = photo.URL()
	if err := s.UpdateAuthor(ctx, withPhoto, content.AuthorStamp(*author), nil, now); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		m    *content.Media
		want []store.MediaUse
	}{
		{img, []store.MediaUse{{EpisodeID: idOf(t, s, "uses-image"), Lang: content.English, Title: "Image here"}}},
		{audio, []store.MediaUse{{EpisodeID: idOf(t, s, "uses-audio"), Lang: content.French, Title: "Brouillon audio"}}},
		{inBody, []store.MediaUse{{EpisodeID: idOf(t, s, "uses-body"), Lang: content.French, Title: "Lien"}}},
		{photo, []store.MediaUse{{AuthorID: author.ID, Title: author.Name}}},
		{captions, []store.MediaUse{{EpisodeID: idOf(t, s, "uses-captions"), Lang: content.French, Title: "Sous-titré"}}},
		{otherCaptions, []store.MediaUse{{EpisodeID: idOf(t, s, "uses-captions"), Lang: content.French, Title: "Sous-titré"}}},
		{copied, []store.MediaUse{{EpisodeID: idOf(t, s, "uses-copy"), Lang: content.English, Title: "Copy"}}},
		{unused, nil},
	} {
		got, err := s.MediaUses(ctx, c.m.URL())
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("MediaUses(%s) (-want +got):\n%s", c.m.URL(), d)
		}
		err = s.DeleteMedia(ctx, c.m.ID)
		if c.want == nil {
			if err != nil {
				t.Errorf("DeleteMedia of an unused file: %v", err)
			}
			continue
		}
		if !errors.Is(err, content.ErrConflict) {
			t.Errorf("DeleteMedia of %s, in use: err = %v; want ErrConflict", c.m.URL(), err)
		}
		if _, err := s.MediaByID(ctx, c.m.ID); err != nil {
			t.Errorf("a file in use was deleted: %v", err)
		}
	}
	// LIKE's wildcards in a URL are plain characters.
	for _, u := range []string{"%", "_", `\`, "", "/media/%"} {
		if got, err := s.MediaUses(ctx, u); err != nil || len(got) != 0 {
			t.Errorf("MediaUses(%q) = %v, %v; want nothing", u, got, err)
		}
	}

	// Once the episode no longer shows the image, the file can go.
	mustImport(t, s, bundle(episode("uses-image", day(3), withID("uses-image"), titled("Image here", "Image ici"))))
	if err := s.DeleteMedia(ctx, img.ID); err != nil {
		t.Errorf("DeleteMedia after the image was removed: %v", err)
	}
	// Nor the caption files once the video no longer names them.
	mustImport(t, s, bundle(episode("uses-captions", day(4), withID("uses-captions"), kind(content.Watch), titled("Captioned", "Sous-titré"))))
	for _, m := range []*content.Media{captions, otherCaptions} {
		if err := s.DeleteMedia(ctx, m.ID); err != nil {
			t.Errorf("DeleteMedia of %s after the captions were removed: %v", m.URL(), err)
		}
	}
}

// testMediaTypeFilled: a Listen or Watch recording imported without a
// media type gets the media library's type of the file when the library
// has it, else the type its extension tells; a type given is kept, and
// MediaByPath finds a file by its path in the media folder.
func testMediaTypeFilled(t *testing.T, s store.Store) {
	ctx := t.Context()
	owner := mustCreateUser(t, s, "media-types@example.gc.ca", content.RoleContributor)
	// An M4A upload: the library says audio/mp4 (its bytes told it); the
	// .mp3 extension of this made-up path would say audio/mpeg.
	lib := content.Media{Path: "uploads/2026/11/" + mediaSHA(301) + ".mp3", Kind: content.MediaAudio, MIME: "audio/mp4", Bytes: 10,
		Label: "talk", SHA256: mediaSHA(301), UploadedBy: owner.ID, CreatedAt: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	if _, err := s.CreateMedia(ctx, lib); err != nil {
		t.Fatal(err)
	}
	if m, err := s.MediaByPath(ctx, lib.Path); err != nil || m.SHA256 != lib.SHA256 || m.MIME != "audio/mp4" {
		t.Errorf("MediaByPath(%s) = %+v, %v", lib.Path, m, err)
	}
	_, err := s.MediaByPath(ctx, "uploads/2026/11/nothing.mp3")
	wantNotFound(t, err, "MediaByPath of a path the library does not hold")

	media := func(lang content.Lang, url, typ string) opt {
		return func(e *content.Episode) { e.Versions[lang].MediaURL, e.Versions[lang].MediaType = url, typ }
	}
	mustImport(t, s, bundle(
		episode("typed-library", day(1), withID("typed-library"), kind(content.Listen), media(en, "/"+"media/"+lib.Path, ""), media(fr, "/media/talk-fr.mp3", "")),
		episode("typed-video", day(2), withID("typed-video"), kind(content.Watch), media(en, "https://cdn.example.ca/talk.webm?v=2", ""), media(fr, "/media/talk-fr.webm", "video/x-custom")),
		episode("typed-unknown", day(3), withID("typed-unknown"), kind(content.Listen), media(en, "https://cdn.example.ca/stream", ""), media(fr, "", "")),
		episode("typed-read", day(4), withID("typed-read"), media(en, "/media/leftover.mp3", "")),
	))
	for _, tc := range []struct {
		key  string
		lang content.Lang
		want string
	}{
		{"typed-library", en, "audio/mp4"},  // the library's
		{"typed-library", fr, "audio/mpeg"}, // the extension's
		{"typed-video", en, "video/webm"},   // the extension's, for a video
		{"typed-video", fr, "video/x-custom"},
		{"typed-unknown", en, ""},
		{"typed-unknown", fr, ""},
		{"typed-read", en, ""}, // read episodes have no recording
	} {
		if got := mustByID(t, s, idOf(t, s, tc.key)).Version(tc.lang).MediaType; got != tc.want {
			t.Errorf("%s (%s): media type %q, want %q", tc.key, tc.lang, got, tc.want)
		}
	}
}
