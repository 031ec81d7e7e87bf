package web_test

import (
	"reflect"
	"testing"

	"github.com/busrides/busrides/internal/store"
	"github.com/busrides/busrides/internal/web"
)

// The public site reaches none of the back office's concerns: not a
// method of its Store belongs to editing, workflow, staff, media… so a
// public handler cannot change content or read drafts. The one part of a
// back-office concern it reads is store.MediaImages, the sizes and copies
// of the media library's images that its pages show (read only).
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
	public := reflect.TypeFor[store.MediaImages]()
	if public.NumMethod() != 1 {
		t.Errorf("store.MediaImages has %d methods; the public site may read one: check each is read only", public.NumMethod())
	}
	for _, c := range backOffice {
		for i := range c.NumMethod() {
			if _, ok := public.MethodByName(c.Method(i).Name); ok && c == reflect.TypeFor[store.Media]() {
				continue
			}
			if _, ok := site.MethodByName(c.Method(i).Name); ok {
				t.Errorf("web.Store has %s of the back office's %s", c.Method(i).Name, c.Name())
			}
		}
	}
}
