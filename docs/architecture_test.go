// Package docs holds the project's documentation; its test keeps the
// package table of architecture.md true to the code.
package docs

import (
	"bufio"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestPackageTable checks the "Packages" table of architecture.md against
// the code: every package of the module has a row, every row names a
// package that exists, and each row's "depends on" column lists exactly
// the module's packages the package imports and the outside modules it
// uses (the standard library is not listed).
func TestPackageTable(t *testing.T) {
	root := ".."
	module, requires := readGoMod(t, filepath.Join(root, "go.mod"))
	pkgs := modulePackages(t, root)
	if len(pkgs) < 10 {
		t.Fatalf("found %d packages; is the test run from docs/?", len(pkgs))
	}
	rows := packageRows(t, "architecture.md")

	for dir, imports := range pkgs {
		row, ok := rows[dir]
		if !ok {
			t.Errorf("architecture.md: package %s has no row in the Packages table; add:\n| `%s` | … | %s |", dir, dir, depsCell(module, requires, imports))
			continue
		}
		var want []string
		for _, imp := range imports {
			if dep := depName(module, requires, imp); dep != "" && !slices.Contains(want, dep) {
				want = append(want, dep)
			}
		}
		slices.Sort(want)
		got := slices.Clone(row)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("architecture.md: %s depends on %q, the table says %q; write:\n| `%s` | … | %s |", dir, want, got, dir, depsCell(module, requires, imports))
		}
	}
	for dir := range rows {
		if _, ok := pkgs[dir]; !ok {
			t.Errorf("architecture.md: the Packages table names %s, which is not a package of the module", dir)
		}
	}
}

// depName is how the table names an import: the package's path in the
// module (internal/store), an outside module's path (modernc.org/sqlite),
// or "" for the standard library.
func depName(module string, requires []string, imp string) string {
	if rest, ok := strings.CutPrefix(imp, module+"/"); ok {
		return rest
	}
	first, _, _ := strings.Cut(imp, "/")
	if !strings.Contains(first, ".") {
		return ""
	}
	best := ""
	for _, r := range requires {
		if (imp == r || strings.HasPrefix(imp, r+"/")) && len(r) > len(best) {
			best = r
		}
	}
	if best == "" {
		return imp
	}
	return best
}

func depsCell(module string, requires []string, imports []string) string {
	var names []string
	for _, imp := range imports {
		if d := depName(module, requires, imp); d != "" && !slices.Contains(names, d) {
			names = append(names, d)
		}
	}
	if len(names) == 0 {
		return "—"
	}
	slices.Sort(names)
	return "`" + strings.Join(names, "`, `") + "`"
}

// readGoMod returns the module path and the required modules.
func readGoMod(t *testing.T, file string) (string, []string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var module string
	var requires []string
	inBlock := false
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "module "):
			module = strings.TrimSpace(strings.TrimPrefix(line, "module "))
		case line == "require (":
			inBlock = true
		case inBlock && line == ")":
			inBlock = false
		case inBlock && line != "" && !strings.HasPrefix(line, "//"):
			requires = append(requires, strings.Fields(line)[0])
		case strings.HasPrefix(line, "require "):
			requires = append(requires, strings.Fields(line)[1])
		}
	}
	if module == "" {
		t.Fatal("go.mod: no module line")
	}
	return module, requires
}

// modulePackages maps each directory holding non-test Go files (a
// package) to what those files import.
func modulePackages(t *testing.T, root string) map[string][]string {
	t.Helper()
	pkgs := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(rel)
		imports := pkgs[dir]
		for _, imp := range f.Imports {
			s := strings.Trim(imp.Path.Value, `"`)
			if !slices.Contains(imports, s) {
				imports = append(imports, s)
			}
		}
		pkgs[dir] = imports
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// packageRows reads the table under "## Packages": the package named in
// each row's first cell, and the names in backquotes of its last cell.
func packageRows(t *testing.T, file string) map[string][]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	quoted := regexp.MustCompile("`([^`]+)`")
	rows := map[string][]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = line == "## Packages"
			continue
		}
		if !in || !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) < 3 {
			continue
		}
		names := quoted.FindAllStringSubmatch(cells[0], -1)
		if len(names) != 1 {
			continue // the header and its rule
		}
		dir := path.Clean(names[0][1])
		if _, dup := rows[dir]; dup {
			t.Errorf("architecture.md: %s has two rows", dir)
		}
		deps := []string{}
		for _, m := range quoted.FindAllStringSubmatch(cells[len(cells)-1], -1) {
			deps = append(deps, m[1])
		}
		rows[dir] = deps
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("architecture.md: no Packages table found")
	}
	return rows
}
