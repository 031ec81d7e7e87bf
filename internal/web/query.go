package web

import (
	"net/url"
	"strconv"
)

// withQuery appends non-empty query parameters in the given order.
func withQuery(base string, kv ...string) string {
	v := url.Values{}
	order := []string{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
			order = append(order, kv[i])
		}
	}
	if len(order) == 0 {
		return base
	}
	s := base + "?"
	for i, k := range order {
		if i > 0 {
			s += "&"
		}
		s += url.QueryEscape(k) + "=" + url.QueryEscape(v.Get(k))
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
