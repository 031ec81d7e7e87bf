package web_test

import (
	"reflect"
	"testing"

	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/web"
)

// The public site reaches none of the back office's concerns: not a
// method of its Store belongs to editing, workflow, staff, media… so a
// public handler cannot change content or read drafts.
func TestStoreHasNoBackOfficeConcern(t *testing.T) {
	backOffice := []reflect.Type{
		reflect.TypeFor[store.Editing](), reflect.TypeFor[store.Workflow](), reflect.TypeFor[store.Taxonomy](),
		reflect.TypeFor[store.Media](), reflect.TypeFor[store.Staff](), reflect.TypeFor[store.Sessions](),
		reflect.TypeFor[store.Invitations](), reflect.TypeFor[store.Audit](), reflect.TypeFor[store.RedirectEditor](),
		reflect.TypeFor[store.SiteSettings](), reflect.TypeFor[store.FeedbackInbox](), reflect.TypeFor[store.GlossaryEditor](), reflect.TypeFor[store.SitePageEditor](),
		reflect.TypeFor[store.Importer](), reflect.TypeFor[store.Indexer](),
	}
	site := reflect.TypeFor[web.Store]()
	if site.NumMethod() == 0 {
		t.Fatal("web.Store has no methods")
	}
	for _, c := range backOffice {
		for i := range c.NumMethod() {
			if _, ok := site.MethodByName(c.Method(i).Name); ok {
				t.Errorf("web.Store has %s of the back office's %s", c.Method(i).Name, c.Name())
			}
		}
	}
}
