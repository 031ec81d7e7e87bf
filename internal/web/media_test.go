package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/media"
	"github.com/busrides/busrides/internal/testutil"
)

// TestMediaFolder: /media/ serves the app's media folder (uploads under
// content-addressed names) with the type of the extension, nosniff, a
// year's cache for uploads, no listings, nothing outside the folder
// (traversal and hostile names from the corpus, a symbolic link out), and
// anything but plain media as a sandboxed download.
func TestMediaFolder(t *testing.T) {
	t.Parallel()
	backends(t, apptest.Options{NoDemo: true}, func(t *testing.T, s *apptest.Start) {
		dir := s.MediaDir
		outside := filepath.Dir(dir)
		const secret = "TOP-SECRET-beside-the-media-folder"
		if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte(secret), 0o600); err != nil {
			t.Fatal(err)
		}
		png := []byte("\x89PNG\r\n\x1a\nnot really, but served as stored")
		sum := sha256.Sum256(png)
		stored := media.StoredName(media.PNG, hex.EncodeToString(sum[:]), time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
		if _, err := s.App.Media.Write(stored, png); err != nil {
			t.Fatal(err)
		}
		for name, body := range map[string]string{"page.html": "<script>alert(1)</script>", "logo.svg": "<svg onload=alert(1)>", "notes.vtt": "WEBVTT\n", ".hidden.png": "x"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "uploads", "link.txt")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
			t.Fatal(err)
		}

		resp, body := rawGet(t, s, "/media/"+stored)
		if resp.StatusCode != 200 || !bytes.Equal(body, png) {
			t.Fatalf("stored file: %d, %d bytes", resp.StatusCode, len(body))
		}
		for k, want := range map[string]string{"Content-Type": "image/png", "X-Content-Type-Options": "nosniff",
			"Cache-Control": "public, max-age=31536000, immutable", "Content-Disposition": ""} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("stored file: %s %q, want %q", k, got, want)
			}
		}
		resp, _ = rawGet(t, s, "/media/notes.vtt")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/vtt; charset=utf-8" || resp.Header.Get("Cache-Control") != "public, max-age=86400" {
			t.Errorf("notes.vtt: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
		}
		for _, n := range []string{"page.html", "logo.svg"} {
			resp, _ := rawGet(t, s, "/media/"+n)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Disposition") != "attachment" ||
				!strings.Contains(resp.Header.Get("Content-Security-Policy"), "sandbox") || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s: %d, disposition %q, CSP %q", n, resp.StatusCode, resp.Header.Get("Content-Disposition"), resp.Header.Get("Content-Security-Policy"))
			}
		}
		for _, p := range []string{"/media/", "/media/uploads", "/media/uploads/", "/media/uploads/2026/11/", "/media/.hidden.png",
			"/media/uploads/link.txt", "/media/out/secret.txt", "/media/uploads/2026/11/.tmp-0", "/media/uploads%5C2026"} {
			if resp, body := rawGet(t, s, p); resp.StatusCode == 200 || bytes.Contains(body, []byte(secret)) {
				t.Errorf("%s: %d", p, resp.StatusCode)
			}
		}

		// Traversal payloads and hostile names never reach outside.
		var paths []string
		for _, l := range corpusLines(t, "traversal/deep_traversal.txt", 120) {
			paths = append(paths, "/media/uploads/"+strings.TrimPrefix(strings.ReplaceAll(l, "{FILE}", "secret.txt"), "/"))
		}
		for _, l := range corpusLines(t, "traversal/directory_traversal.txt", 140) {
			paths = append(paths, "/media/"+strings.TrimPrefix(l, "/"))
		}
		var doc struct{ Cases []struct{ Filename string } }
		if err := json.Unmarshal(testutil.ReadCorpus(t, "filenames/malicious-filenames.json"), &doc); err != nil {
			t.Fatal(err)
		}
		for _, c := range doc.Cases {
			paths = append(paths, "/media/"+c.Filename, "/media/uploads/"+url.PathEscape(c.Filename))
		}
		for _, p := range paths {
			resp, body := rawGet(t, s, p)
			if resp.StatusCode >= 500 || bytes.Contains(body, []byte(secret)) || bytes.Contains(body, []byte("root:x:0:0")) {
				t.Errorf("%q: %d, %d bytes", p, resp.StatusCode, len(body))
			}
			if resp.StatusCode == 200 && !bytes.Equal(body, png) {
				t.Errorf("%q: 200 with a body that is no file of the folder", p)
			}
		}
		t.Logf("%d hostile paths", len(paths))
	})
}
