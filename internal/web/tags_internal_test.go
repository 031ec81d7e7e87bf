package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"testing"
)

// Every read of the public site's store either notes the tags of what it
// returns (taggingStore, tags.go, declares it) or is known to show
// nothing a change can touch without dropping every page. A method added
// to web.Store fails here until it is one or the other.
func TestTaggingStoreCoversEveryRead(t *testing.T) {
	notesNothing := map[string]string{
		"Notice":             "the banner: a change drops every page",
		"SiteTitle":          "the site name: a change drops every page",
		"Redirect":           "answers paths without a page (not cached)",
		"PathRedirectTarget": "answers paths without a page (not cached)",
		"Generation":         "not content",
		"AddFeedback":        "a write; feedback is never shown",
		"AddFeedbackComment": "a write; feedback is never shown",
		"PreviewEpisode":     "preview pages are never cached (preview_show.go)",
		"MediaVariants":      "an image's copies are written with its row at upload and never change; a file in use cannot be deleted",
	}
	f, err := parser.ParseFile(token.NewFileSet(), "tags.go", nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 {
			continue
		}
		if id, ok := fn.Recv.List[0].Type.(*ast.Ident); ok && id.Name == "taggingStore" {
			declared[fn.Name.Name] = true
		}
	}
	if len(declared) == 0 {
		t.Fatal("tags.go declares no method of taggingStore")
	}
	iface := reflect.TypeFor[Store]()
	for i := range iface.NumMethod() {
		name := iface.Method(i).Name
		_, quiet := notesNothing[name]
		switch {
		case quiet && declared[name]:
			t.Errorf("%s is listed as noting nothing but taggingStore declares it", name)
		case !quiet && !declared[name]:
			t.Errorf("taggingStore does not note the tags of %s: declare it in tags.go or say why it needs none", name)
		}
		delete(declared, name)
	}
	for name := range declared {
		t.Errorf("taggingStore declares %s, which web.Store does not have", name)
	}
}
