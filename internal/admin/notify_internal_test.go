package admin

import (
	"testing"

	"github.com/busrides/busrides/internal/i18n"
)

// TestMailKeys: every notification kind has its subject and body in both
// catalogues (the keys are built from the kind, so the catalogue test
// cannot see them).
func TestMailKeys(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range mailKinds {
		for _, key := range []string{"mail." + kind + "_subject", "mail." + kind + "_body"} {
			for _, lang := range []string{"en", "fr"} {
				if !cat.Has(lang, key) {
					t.Errorf("%s lacks %s", lang, key)
				}
			}
		}
	}
}
