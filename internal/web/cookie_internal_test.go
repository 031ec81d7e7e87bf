package web

import (
	"net/http"
	"testing"

	"github.com/busrides/busrides/internal/content"
)

// The language cookie's prebuilt values say what the cookie said when it
// was built per response: the page's language, and Secure only over TLS.
func TestLangCookies(t *testing.T) {
	v := langCookies()
	for i, lang := range []content.Lang{content.English, content.French} {
		for secure := range 2 {
			c, err := http.ParseSetCookie(v[i][secure][0])
			if err != nil {
				t.Fatalf("%s secure=%d: %v", lang, secure, err)
			}
			if c.Name != langCookie || c.Value != string(lang) || c.Secure != (secure == 1) ||
				!c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge != 365*24*3600 {
				t.Errorf("%s secure=%d: %+v", lang, secure, c)
			}
		}
	}
}
