// Package api_test pins the module's public API: TestAPI prints every exported
// declaration of the public packages, signatures only, and compares the result
// with customerio.txt, so that a change to the surface is always deliberate and
// shows up in the diff of that file.
package api_test

import (
	"bytes"
	"flag"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite customerio.txt from the current API")

// module is the import path of the repository root, one directory up.
const module = "github.com/gocustomerio/customerio"

// publicPackages are the directories, relative to the module root, whose API is
// pinned.
var publicPackages = []string{".", "app", "customeriotest", "pipelines", "retry", "track", "trackv2", "webhook"}

const golden = "customerio.txt"

func TestAPI(t *testing.T) {
	var out bytes.Buffer
	for _, dir := range publicPackages {
		text, err := packageAPI(filepath.Join("..", dir), importPath(dir))
		if err != nil {
			t.Fatal(err)
		}
		out.WriteString(text)
	}
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v; run `go test ./api -update` to create it", err)
	}
	if got := out.String(); got != string(want) {
		t.Errorf("the public API differs from api/%s:\n%s\nIf the change is intended, run `go test ./api -update` and commit the file.", golden, lineDiff(string(want), got))
	}
}

func importPath(dir string) string {
	if dir == "." {
		return module
	}
	return module + "/" + dir
}

// packageAPI returns the exported declarations of the package in dir, one entry
// per name, sorted, under a "package" line.
func packageAPI(dir, path string) (string, error) {
	bp, err := build.Default.ImportDir(dir, 0)
	if err != nil {
		return "", err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			return "", err
		}
		files = append(files, f)
	}
	pkg, err := doc.NewFromFiles(fset, files, path)
	if err != nil {
		return "", err
	}
	var entries []entry
	addValues := func(vs []*doc.Value) {
		for _, v := range vs {
			entries = append(entries, valueEntries(fset, v.Decl)...)
		}
	}
	addFuncs := func(fs []*doc.Func, recv string) {
		for _, f := range fs {
			key := f.Name
			if recv != "" {
				key = recv + "." + f.Name
			}
			decl := *f.Decl
			decl.Doc, decl.Body = nil, nil
			entries = append(entries, entry{key, print(fset, &decl)})
		}
	}
	addValues(pkg.Consts)
	addValues(pkg.Vars)
	addFuncs(pkg.Funcs, "")
	for _, typ := range pkg.Types {
		spec := typ.Decl.Specs[0].(*ast.TypeSpec)
		entries = append(entries, entry{typ.Name, "type " + print(fset, spec)})
		addValues(typ.Consts)
		addValues(typ.Vars)
		addFuncs(typ.Funcs, "")
		addFuncs(typ.Methods, typ.Name)
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	var b strings.Builder
	b.WriteString("package " + path + "\n\n")
	for _, e := range entries {
		b.WriteString(e.text + "\n")
	}
	b.WriteString("\n")
	return b.String(), nil
}

type entry struct{ key, text string }

// valueEntries returns one entry per exported name of a const or var
// declaration. A const that repeats the previous type implicitly is shown with
// that type and no value; a var's value is shown by its shape only (T{…} or
// f(…)), since its contents are not part of the signature.
func valueEntries(fset *token.FileSet, decl *ast.GenDecl) []entry {
	var out []entry
	var prevType ast.Expr
	for _, s := range decl.Specs {
		spec := s.(*ast.ValueSpec)
		typ := spec.Type
		if typ == nil && len(spec.Values) == 0 && decl.Tok == token.CONST {
			typ = prevType
		} else {
			prevType = typ
		}
		for i, name := range spec.Names {
			if !name.IsExported() {
				continue
			}
			text := decl.Tok.String() + " " + name.Name
			if typ != nil {
				text += " " + print(fset, typ)
			}
			if i < len(spec.Values) {
				text += " = " + valueShape(fset, decl.Tok, spec.Values[i])
			}
			out = append(out, entry{name.Name, text})
		}
	}
	return out
}

func valueShape(fset *token.FileSet, tok token.Token, v ast.Expr) string {
	if tok == token.CONST {
		return print(fset, v)
	}
	switch v := v.(type) {
	case *ast.CompositeLit:
		if v.Type != nil {
			return print(fset, v.Type) + "{…}"
		}
	case *ast.CallExpr:
		return print(fset, v.Fun) + "(…)"
	case *ast.UnaryExpr:
		if lit, ok := v.X.(*ast.CompositeLit); ok && lit.Type != nil {
			return v.Op.String() + print(fset, lit.Type) + "{…}"
		}
	}
	return print(fset, v)
}

// print formats node as gofmt would, without comments.
func print(fset *token.FileSet, node any) string {
	ast.Inspect(node.(ast.Node), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			n.Doc, n.Comment = nil, nil
		case *ast.TypeSpec:
			n.Doc, n.Comment = nil, nil
		}
		return true
	})
	var b bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&b, fset, node); err != nil {
		return "<" + err.Error() + ">"
	}
	// The blank lines left where comments were say nothing about the API.
	lines := strings.Split(b.String(), "\n")
	return strings.Join(slices.DeleteFunc(lines, func(l string) bool { return strings.TrimSpace(l) == "" }), "\n")
}

// lineDiff lists the lines only one side has, prefixed - (file) and + (code).
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for _, l := range wl {
		if l != "" && !slices.Contains(gl, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range gl {
		if l != "" && !slices.Contains(wl, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	if b.Len() == 0 {
		return "(the same lines in another order)"
	}
	return b.String()
}
