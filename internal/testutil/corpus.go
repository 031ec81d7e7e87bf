// Package testutil holds helpers shared by tests: locating the shared
// security corpus and reading its files.
package testutil

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// RepoRoot returns the directory holding go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("testutil: cannot locate source file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// CorpusFile returns the path of a file in ../shared/security-corpus beside
// the repository. Outside CI a missing corpus skips the test; in CI
// (CI=true) it fails it, so the corpus tests can never silently vanish.
func CorpusFile(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(RepoRoot(t), "..", "shared", "security-corpus", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("security corpus file missing in CI: %v", err)
		}
		t.Skipf("security corpus not found (%v); it lives in ../shared beside the repository", err)
	}
	return p
}

// ReadCorpus reads a corpus file (see CorpusFile).
func ReadCorpus(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(CorpusFile(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
