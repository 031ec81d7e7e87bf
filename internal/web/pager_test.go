package web

import (
	"strconv"
	"strings"
	"testing"
)

// TestPagerNumbers: the first and last pages and two on each side of the
// current one, a gap (…) for each run left out, and a gap of one page shows
// that page instead, so that a listing of any length has a short pager.
func TestPagerNumbers(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		page, pages int
		want        string
	}{
		{1, 1, ""},
		{1, 2, "[1] 2"},
		{1, 7, "[1] 2 3 … 7"},
		{4, 7, "1 2 3 [4] 5 6 7"},
		{5, 9, "1 2 3 4 [5] 6 7 8 9"},
		{5, 10, "1 2 3 4 [5] 6 7 … 10"},
		{6, 10, "1 … 4 5 [6] 7 8 9 10"},
		{375, 750, "1 … 373 374 [375] 376 377 … 750"},
		{750, 750, "1 … 748 749 [750]"},
	} {
		p := pager(c.page, c.pages*12, 12, func(n int) string { return "?page=" + strconv.Itoa(n) })
		var got []string
		for _, n := range p.Numbers {
			switch {
			case n.Gap:
				got = append(got, "…")
			case n.Current:
				got = append(got, "["+strconv.Itoa(n.N)+"]")
			default:
				got = append(got, strconv.Itoa(n.N))
			}
			if !n.Gap && n.URL != "?page="+strconv.Itoa(n.N) {
				t.Errorf("page %d of %d: link %d to %q", c.page, c.pages, n.N, n.URL)
			}
		}
		if s := strings.Join(got, " "); s != c.want || p.Pages != c.pages {
			t.Errorf("page %d of %d: %q (%d pages); want %q", c.page, c.pages, s, p.Pages, c.want)
		}
	}
}
