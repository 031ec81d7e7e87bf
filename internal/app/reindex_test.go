package app_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/busrides/busrides/internal/app"
	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
	"github.com/busrides/busrides/internal/search"
	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/testutil"
)

// demoSearch searches the demo content of the database at dsn.
func demoSearch(t *testing.T, dsn string, lang content.Lang, q string) int {
	t.Helper()
	st, err := app.OpenStore(t.Context(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	defer st.Close()
	res, err := st.Search(t.Context(), store.SearchQuery{Lang: lang, Now: time.Now(), Terms: search.ParseQuery(string(lang), q).Terms})
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	return res.Total
}

// clearIndex deletes the search postings of the database at dsn.
func clearIndex(t *testing.T, dsn string) {
	t.Helper()
	st, err := app.OpenStore(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	x, ok := st.(interface{ SQL() *sql.DB })
	if !ok {
		t.Skip("store does not expose SQL()")
	}
	if _, err := x.SQL().ExecContext(t.Context(), `DELETE FROM search_postings`); err != nil {
		t.Fatal(err)
	}
}

var progressLine = regexp.MustCompile(`Indexed (\d+) of (\d+) episodes`)

func TestReindex(t *testing.T) {
	t.Parallel()
	for _, pg := range []bool{false, true} {
		name := "sqlite"
		if pg {
			name = "postgres"
		}
		t.Run(name, func(t *testing.T) {
			if pg && os.Getenv(testutil.PostgresURLEnv) == "" {
				t.Skipf("%s not set", testutil.PostgresURLEnv)
			}
			a, _, dsn := apptest.New(t, apptest.Options{Postgres: pg})
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
			before := demoSearch(t, dsn, content.French, "numérique")
			if before == 0 {
				t.Fatal("the demo content finds nothing for numérique")
			}
			clearIndex(t, dsn)
			if n := demoSearch(t, dsn, content.French, "numérique"); n != 0 {
				t.Fatalf("%d results with an empty index", n)
			}

			code, out, errOut := run(t, t.Context(), "reindex", "--database", dsn)
			if code != 0 {
				t.Fatalf("reindex: code %d, stdout %q, stderr %q", code, out, errOut)
			}
			m := progressLine.FindAllStringSubmatch(out, -1)
			if len(m) == 0 {
				t.Fatalf("no progress in %q", out)
			}
			if last := m[len(m)-1]; last[1] != last[2] || last[2] == "0" {
				t.Errorf("last progress %q: want done == total > 0", last[0])
			}
			if !strings.Contains(out, "Search index rebuilt") {
				t.Errorf("stdout %q lacks \"Search index rebuilt\"", out)
			}
			if errOut != "" {
				t.Errorf("stderr %q", errOut)
			}
			if n := demoSearch(t, dsn, content.French, "numérique"); n != before {
				t.Errorf("after reindex: %d results; before %d", n, before)
			}
			if n := demoSearch(t, dsn, content.English, "governments"); n == 0 {
				t.Error("after reindex: governments finds nothing")
			}

			// The environment names the database too.
			var o, e strings.Builder
			code = app.Main(t.Context(), []string{"reindex"}, &o, &e, func(k string) string {
				if k == "BUSRIDES_DATABASE" {
					return dsn
				}
				return ""
			})
			if code != 0 || !strings.Contains(o.String(), "Search index rebuilt") {
				t.Errorf("reindex with BUSRIDES_DATABASE: code %d, stdout %q, stderr %q", code, o.String(), e.String())
			}
		})
	}
}

func TestReindexEmptyDatabase(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "empty.db")
	code, out, errOut := run(t, t.Context(), "reindex", "--database", db)
	if code != 0 || !strings.Contains(out, "Search index rebuilt") {
		t.Fatalf("code %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestReindexBadUsage(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "b.db")
	for _, args := range [][]string{
		{"reindex", "--no-such-flag"},
		{"reindex", "--database", db, "extra"},
		{"reindex", "--database"},
	} {
		code, out, errOut := run(t, t.Context(), args...)
		if code != 2 {
			t.Errorf("%q: code %d; want 2 (stdout %q, stderr %q)", args, code, out, errOut)
		}
		if errOut == "" {
			t.Errorf("%q: nothing on stderr", args)
		}
		if strings.Contains(out, "Search index rebuilt") {
			t.Errorf("%q: reindexed anyway", args)
		}
	}
	code, out, _ := run(t, t.Context(), "reindex", "--help")
	if code != 0 {
		t.Errorf("reindex --help: code %d, stdout %q", code, out)
	}
}
