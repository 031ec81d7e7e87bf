package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/busrides/busrides/internal/store"
)

// maxMethods bounds the methods an interface of this package declares:
// a consumer that needs more takes several.
const maxMethods = 20

// Each interface is small, and Store declares nothing of its own but
// Close: it only composes the concerns.
func TestInterfacesStaySmall(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	seen := 0
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			it, ok := ts.Type.(*ast.InterfaceType)
			if !ok {
				return false
			}
			seen++
			methods := 0
			for _, m := range it.Methods.List {
				if _, ok := m.Type.(*ast.FuncType); ok {
					methods += len(m.Names)
				}
			}
			if methods > maxMethods {
				t.Errorf("%s: interface %s declares %d methods (at most %d): split it by concern", f, ts.Name.Name, methods, maxMethods)
			}
			if ts.Name.Name == "Store" && methods != 1 {
				t.Errorf("Store declares %d methods of its own; it should only compose the concerns (and Close)", methods)
			}
			return false
		})
	}
	if seen < 10 {
		t.Fatalf("found %d interfaces; the package's layout changed?", seen)
	}
}

// Every method of Store comes from exactly one concern: no two
// interfaces declare the same method.
func TestConcernsDoNotOverlap(t *testing.T) {
	st := reflect.TypeFor[store.Store]()
	owner := map[string]string{}
	for i := range st.NumMethod() {
		owner[st.Method(i).Name] = ""
	}
	for _, c := range []reflect.Type{
		reflect.TypeFor[store.Catalogue](), reflect.TypeFor[store.RelatedLists](), reflect.TypeFor[store.Changes](), reflect.TypeFor[store.Search](), reflect.TypeFor[store.Indexer](),
		reflect.TypeFor[store.Redirects](), reflect.TypeFor[store.RedirectEditor](), reflect.TypeFor[store.Site](),
		reflect.TypeFor[store.SiteSettings](), reflect.TypeFor[store.Feedback](), reflect.TypeFor[store.FeedbackInbox](),
		reflect.TypeFor[store.Glossary](), reflect.TypeFor[store.GlossaryEditor](), reflect.TypeFor[store.SitePages](), reflect.TypeFor[store.SitePageEditor](), reflect.TypeFor[store.Importer](),
		reflect.TypeFor[store.Editing](), reflect.TypeFor[store.PreviewLinks](), reflect.TypeFor[store.Workflow](), reflect.TypeFor[store.Outbox](), reflect.TypeFor[store.Taxonomy](),
		reflect.TypeFor[store.Media](), reflect.TypeFor[store.Staff](), reflect.TypeFor[store.Sessions](),
		reflect.TypeFor[store.Invitations](), reflect.TypeFor[store.Audit](),
	} {
		for i := range c.NumMethod() {
			m := c.Method(i).Name
			if prev := owner[m]; prev != "" {
				t.Errorf("%s is declared by both %s and %s", m, prev, c.Name())
			}
			owner[m] = c.Name()
		}
	}
	for m, o := range owner {
		if o == "" && m != "Close" {
			t.Errorf("Store's %s belongs to no concern", m)
		}
	}
}
