package importer_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/demo"
	"github.com/busrides/busrides/internal/importer"
)

// FuzzParse feeds arbitrary bytes as an episode file: Parse never panics
// and returns either a bundle or importer.Errors pointing into the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(lines(readFront...)))
	f.Add([]byte(lines(listenEpisode...)))
	f.Add([]byte(strings.ReplaceAll("\uFEFF"+lines(listenEpisode...), "\n", "\r\n")))
	f.Add([]byte("---\n---\n--- en\n---\n![](x)\n--- en transcript\n--- fr\n"))
	f.Add([]byte("---\nkind: read  # c\n---\n--- fr\ntitle: C#\n---\n\xff"))
	files, _ := fs.ReadDir(demo.Content(), "episodes")
	for _, e := range files {
		data, err := fs.ReadFile(demo.Content(), "episodes/"+e.Name())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	im := newImporter(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, src, err := im.Parse(folder(map[string]string{"episodes/f.md": string(data)}))
		if err == nil {
			if b == nil || len(b.Episodes) != 1 || src["episode/f"] != "episodes/f.md" {
				t.Fatalf("no error but bundle %+v, sources %v", b, src)
			}
			for lang, v := range b.Episodes[0].Versions {
				if v == nil || v.Lang != lang || v.Title == "" || v.BodyHTML == "" {
					t.Fatalf("version %s: %+v", lang, v)
				}
			}
			return
		}
		if b != nil {
			t.Fatal("bundle returned with an error")
		}
		var errs importer.Errors
		if !errors.As(err, &errs) {
			t.Fatalf("error %v (%T) is not importer.Errors", err, err)
		}
		if len(errs) == 0 {
			t.Fatal("empty importer.Errors")
		}
		maxLine := strings.Count(string(data), "\n") + 1
		for _, e := range errs {
			if e.File != "episodes/f.md" || e.Line < 1 || e.Line > maxLine || e.Msg == "" {
				t.Fatalf("error %q outside the file (it has %d lines)", e.Error(), maxLine)
			}
		}
	})
}
