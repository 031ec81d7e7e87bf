package e2e_test

import (
	"strings"
	"testing"
)

// overflowJS reports the page's scroll width against the viewport and the
// first elements that stick out on the right.
const overflowJS = `(() => {
	const w = document.documentElement.clientWidth, out = [];
	for (const el of document.querySelectorAll("body *")) {
		const r = el.getBoundingClientRect();
		if (r.right > w + 1 && out.length < 5) out.push(el.localName + (el.id ? "#" + el.id : "") + " " + Math.round(r.right) + "px");
	}
	return {scroll: document.documentElement.scrollWidth, width: w, culprits: out};
})()`

type overflow struct {
	Scroll, Width int
	Culprits      []string
}

// TestReflow checks WCAG 2.1 success criterion 1.4.10: at 320 CSS pixels
// wide, no page of either language scrolls sideways.
func TestReflow(t *testing.T) {
	ctx := newTab(t, tabOptions{})
	pages := pageSet(t, ctx)
	narrow := newTab(t, tabOptions{width: 320})
	check := func(path string) {
		open(t, narrow, path)
		if o := eval[overflow](t, narrow, overflowJS); o.Scroll > o.Width {
			t.Errorf("%s scrolls sideways at 320 px (%d px wide): %s", path, o.Scroll, strings.Join(o.Culprits, ", "))
		}
	}
	check("/")
	for name, en := range pages {
		check(en)
		if name == "not-found" || name == "untranslated" {
			continue
		}
		open(t, ctx, en)
		fr := toggleHref(t, ctx)
		if strings.Contains(en, "?feedback=") {
			fr += en[strings.Index(en, "?"):]
		}
		check(fr)
	}
}
