package web_test

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/busrides/busrides/internal/app/apptest"
)

// gcds-footer shows at most three links in its contextual band and five in
// its last band, dropping the rest without a word; the footer scripts
// replace must lose none of the links of the footer without them.
func TestFooterKeepsEveryLink(t *testing.T) {
	t.Parallel()
	s := apptest.Serve(t, apptest.Options{})
	for _, pc := range sitePages {
		if pc.status != 200 {
			continue
		}
		r := get(t, s, pc.path)
		footer := first(r.Doc, tag("gcds-footer"))
		if footer == nil {
			t.Fatalf("%s: no gcds-footer", pc.path)
		}
		band := func(attr string, most int) map[string]string {
			var m map[string]string
			if err := json.Unmarshal([]byte(attrOf(footer, attr)), &m); err != nil {
				t.Fatalf("%s: %s: %v", pc.path, attr, err)
			}
			if len(m) > most {
				t.Errorf("%s: %s holds %d links; gcds-footer shows %d", pc.path, attr, len(m), most)
			}
			return m
		}
		shown := band("contextual-links", 3)
		maps.Copy(shown, band("sub-links", 5))
		ns := noscript(t, r.Doc)
		var links int
		for _, n := range ns {
			for _, f := range find(n, hasClass("footer", "site-footer")) {
				for _, a := range find(f, tag("a")) {
					label, href := textOf(a), attrOf(a, "href")
					if label == "Canada.ca" {
						continue // the component's main band links to Canada.ca
					}
					links++
					if got, ok := shown[label]; !ok || got != href {
						t.Errorf("%s: the footer without scripts links %q to %s; with scripts: %q (bands: %v)", pc.path, label, href, got, slices.Sorted(maps.Keys(shown)))
					}
				}
			}
		}
		if links < 5 {
			t.Errorf("%s: %d links in the footer without scripts; the page changed?", pc.path, links)
		}
	}
}
