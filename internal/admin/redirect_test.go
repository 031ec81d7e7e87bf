package admin_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
	"github.com/busrides/busrides/internal/content"
)

func TestRedirects(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		f := e.addTaxonomy()
		ed := e.addUser("editor@example.org", content.RoleEditor, content.French, content.UserActive)
		c := e.session(ed)
		fr := printer(t, "fr")

		// The fixture's redirect works on the public site.
		if pg := e.publicGet("/EN/Old-Data/"); pg.StatusCode != http.StatusMovedPermanently || pg.Header.Get("Location") != "/en/topics/data" {
			t.Errorf("public redirect: %d %q", pg.StatusCode, pg.Header.Get("Location"))
		}
		// Open redirects never get in; errors are in French, next to the field.
		for _, bad := range []string{"//evil.example", "https://evil.example/", "/\\evil.example", "/%2F%2Fevil.example", "javascript:alert(1)", "/en/\t/x"} {
			r := e.post("/admin/redirects", c, url.Values{"path": {"/en/old"}, "target": {bad}})
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), fr.T(content.RedirectErrTarget)) || !strings.Contains(r.body, `id="redirect-target-error"`) {
				t.Errorf("target %q: %d", bad, r.StatusCode)
			}
		}
		for path, key := range map[string]string{"/admin/x": content.RedirectErrPathReserved, "/en/old-data": content.RedirectErrPathTaken, "x y": content.RedirectErrPath} {
			r := e.post("/admin/redirects", c, url.Values{"path": {path}, "target": {"/en/"}})
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), fr.T(key)) {
				t.Errorf("path %q: %d, want %s", path, r.StatusCode, key)
			}
		}
		// Loops and chains.
		for _, c2 := range []struct{ path, target, key string }{
			{"/en/a", "/EN/a/", content.RedirectErrLoop},
			{"/en/b", "/en/old-data", content.RedirectErrChainTarget},
			{"/en/topics/data", "/en/c", content.RedirectErrChainPath},
		} {
			r := e.post("/admin/redirects", c, url.Values{"path": {c2.path}, "target": {c2.target}})
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), fr.T(c2.key)) || !strings.Contains(r.body, `value="`+c2.path+`"`) {
				t.Errorf("%s → %s: %d, want %s", c2.path, c2.target, r.StatusCode, c2.key)
			}
		}
		// A good one.
		r := e.post("/admin/redirects", c, url.Values{"path": {"https://old.example.gc.ca/fr/Ancien"}, "target": {"/fr/sujets/donnees?de=ancien"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", r.StatusCode, r.body)
		}
		if pg := e.publicGet("/fr/ancien"); pg.StatusCode != http.StatusMovedPermanently || pg.Header.Get("Location") != "/fr/sujets/donnees?de=ancien" {
			t.Errorf("public: %d %q", pg.StatusCode, pg.Header.Get("Location"))
		}
		// Search.
		list := e.get("/admin/redirects?q=ANCIEN", c)
		if !strings.Contains(list.body, "/fr/ancien") || strings.Contains(list.body, "/en/old-data") {
			t.Errorf("search:\n%s", list.body)
		}
		// Edit, with a stale stamp first.
		rows, _, _ := e.st.PathRedirects(context.Background(), "ancien", 10, 0)
		rd := rows[0]
		edit := "/admin/redirects/" + strconv.FormatInt(rd.ID, 10)
		if r := e.get(edit, c); r.StatusCode != http.StatusOK || !strings.Contains(r.body, `value="/fr/ancien"`) {
			t.Errorf("edit page: %d", r.StatusCode)
		}
		if r := e.post(edit, c, url.Values{"path": {"/fr/ancien"}, "target": {"/fr/"}, "stamp": {"old"}}); r.StatusCode != http.StatusConflict {
			t.Errorf("stale edit: %d", r.StatusCode)
		}
		if r := e.post(edit, c, url.Values{"path": {"/fr/ancien"}, "target": {"/fr/"}, "stamp": {rd.Stamp()}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("edit: %d\n%s", r.StatusCode, r.body)
		}
		if pg := e.publicGet("/fr/ancien"); pg.Header.Get("Location") != "/fr/" {
			t.Errorf("after edit: %q", pg.Header.Get("Location"))
		}
		// Delete the checked ones.
		if r := e.post("/admin/redirects/delete", c, url.Values{"ids": {strconv.FormatInt(rd.ID, 10), "999999"}}); r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "n=1") {
			t.Errorf("delete: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		if pg := e.publicGet("/fr/ancien"); pg.StatusCode != http.StatusNotFound {
			t.Errorf("deleted redirect: %d", pg.StatusCode)
		}
		if r := e.post("/admin/redirects/delete", c, url.Values{"ids": {"x"}}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("bad ids: %d", r.StatusCode)
		}
		if n := e.auditCount("redirect.deleted", ""); n != 1 {
			t.Errorf("audit: %d", n)
		}
		_ = f
	})
}

// postCSV posts an import as a browser does: a file and the text box.
func (e *env) postCSV(c *http.Cookie, file, pasted string) resp {
	e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if file != "" {
		w, _ := mw.CreateFormFile("file", "redirects.csv")
		_, _ = io.WriteString(w, file)
	}
	_ = mw.WriteField("csv", pasted)
	_ = mw.Close()
	hr, err := http.NewRequest("POST", e.srv.URL+"/admin/redirects/import", &b)
	if err != nil {
		e.t.Fatal(err)
	}
	hr.Header.Set("Content-Type", mw.FormDataContentType())
	hr.Header.Set("Origin", e.srv.URL)
	hr.Header.Set("Sec-Fetch-Site", "same-origin")
	hr.AddCookie(c)
	res, err := e.hc.Do(hr)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{res, string(body)}
}

func TestRedirectCSV(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		e.addTaxonomy()
		ed := e.addUser("editor@example.org", content.RoleEditor, content.French, content.UserActive)
		c := e.session(ed)
		fr := printer(t, "fr")

		// Errors by line, in French; nothing stored.
		bad := "old,new\n/en/one,/en/\n\n/en/two,//evil.example\n/en/three\n/en/four,/en/one\n"
		r := e.postCSV(c, bad, "")
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad CSV: %d\n%s", r.StatusCode, r.body)
		}
		body := text(r.body)
		for _, want := range []string{
			fr.T("admin.redirect_csv_line", "line", 5, "msg", fr.T("admin.redirect_csv_columns")),
		} {
			if !strings.Contains(body, want) {
				t.Errorf("missing %q in\n%s", want, body)
			}
		}
		// With the column error fixed, the store's checks report their lines.
		bad = "old,new\n/en/one,/en/\n\n/en/two,//evil.example\n/en/four,/en/one\n"
		r = e.postCSV(c, "", bad)
		body = text(r.body)
		for _, want := range []string{
			fr.T("admin.redirect_csv_line", "line", 4, "msg", fr.T(content.RedirectErrTarget)),
		} {
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
				t.Errorf("%d: missing %q in\n%s", r.StatusCode, want, body)
			}
		}
		if !strings.Contains(r.body, "/en/two,//evil.example") {
			t.Error("the pasted text was not kept")
		}
		bad = "/en/one,/en/\n/en/four,/en/one\n"
		r = e.postCSV(c, "", bad)
		if want := fr.T("admin.redirect_csv_line", "line", 2, "msg", fr.T(content.RedirectErrChainTarget)); !strings.Contains(text(r.body), want) {
			t.Errorf("chain: missing %q\n%s", want, r.body)
		}
		if rows, total, _ := e.st.PathRedirects(context.Background(), "/en/one", 10, 0); total != 0 {
			t.Errorf("a failed import stored %v", rows)
		}
		if r := e.postCSV(c, "", ""); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), fr.T("admin.redirect_csv_empty")) {
			t.Errorf("empty: %d", r.StatusCode)
		}

		// A good file (with a BOM, CRLF and quotes) goes in whole.
		good := "\uFEFFold,new\r\n/en/one,/en/\r\n\"/fr/deux\",\"/fr/sujets/donnees?a=1,2\"\r\n"
		r = e.postCSV(c, good, "")
		if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "n=2") {
			t.Fatalf("import: %d %q\n%s", r.StatusCode, r.Header.Get("Location"), r.body)
		}
		if pg := e.publicGet("/fr/deux"); pg.Header.Get("Location") != "/fr/sujets/donnees?a=1,2" {
			t.Errorf("imported redirect: %d %q", pg.StatusCode, pg.Header.Get("Location"))
		}

		// Export, and the export imports back unchanged.
		ex := e.get("/admin/redirects.csv", c)
		if ex.StatusCode != http.StatusOK || ex.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(ex.Header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("export: %d %v", ex.StatusCode, ex.Header)
		}
		for _, want := range []string{"old,new\r\n", "/en/old-data,/en/topics/data\r\n", "/fr/deux,\"/fr/sujets/donnees?a=1,2\"\r\n"} {
			if !strings.Contains(ex.body, want) {
				t.Errorf("export lacks %q:\n%s", want, ex.body)
			}
		}
		if r := e.postCSV(c, ex.body, ""); r.StatusCode != http.StatusSeeOther {
			t.Errorf("re-import of the export: %d\n%s", r.StatusCode, r.body)
		}
		if e.auditCount("redirect.imported", "") != 2 {
			t.Error("imports not audited")
		}
	})
}

func TestSettings(t *testing.T) {
	eachDB(t, func(t *testing.T, o apptest.Options) {
		e := newEnv(t, o)
		e.addTaxonomy()
		admin := e.addUser("admin@example.org", content.RoleAdministrator, content.French, content.UserActive)
		c := e.session(admin)
		fr := printer(t, "fr")

		if r := e.get("/admin/settings", c); r.StatusCode != http.StatusOK || !strings.Contains(r.body, `value="Busrides"`) {
			t.Fatalf("settings: %d", r.StatusCode)
		}
		r := e.post("/admin/settings", c, url.Values{"title_en": {"Bus rides"}, "title_fr": {""}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.body), fr.T(content.TaxErrRequired)) || !strings.Contains(r.body, `value="Bus rides"`) {
			t.Errorf("empty French title: %d", r.StatusCode)
		}
		r = e.post("/admin/settings", c, url.Values{"title_en": {"Bus rides"}, "title_fr": {"Trajets <en> bus"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", r.StatusCode, r.body)
		}
		if e.auditCount("settings.change", "site.title") != 1 {
			t.Error("not audited as a settings change")
		}
		en := e.publicGet("/en/topics/data")
		if !strings.Contains(en.body, "<title>Data - Bus rides</title>") || !strings.Contains(en.body, `class="site-name" href="/en/">Bus rides</a>`) {
			t.Errorf("English page does not show the title:\n%s", en.body)
		}
		frp := e.publicGet("/fr/sujets/donnees")
		if !strings.Contains(frp.body, "Trajets &lt;en&gt; bus</title>") || !strings.Contains(frp.body, `og:site_name" content="Trajets &lt;en&gt; bus"`) {
			t.Errorf("French page does not show the title (escaped)")
		}
		if nf := e.publicGet("/en/no-such-page"); !strings.Contains(nf.body, "Bus rides") {
			t.Error("404 page does not show the title")
		}
	})
}
