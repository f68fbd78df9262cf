// typesdump prints, for each package named on the command line (import paths
// or directories), every package-level object as go/types sees it, in a
// canonical sorted text form that goescape's type checker will print too:
//
//	const NAME TYPE = EXACT-VALUE
//	var NAME TYPE
//	func NAME(PARAMS) RESULTS         (the signature's text after "func")
//	type NAME UNDERLYING          (defined types; then their methods:)
//	method NAME.METHOD(PARAMS) RESULTS (pointer receivers as *NAME.METHOD)
//	type NAME = TYPE              (aliases)
//
// Types are written by types.TypeString with package paths as qualifiers.
//
// With -exprs it prints instead, for every file of the package, one record
// per entry of go/types' Info.Types, Info.Defs and Info.Uses (see exprs.go
// for the format), sorted by file, position and text.
// Dependencies are type-checked from source, with cgo disabled (as
// CGO_ENABLED=0) for $GOOS/$GOARCH; sizes are gc's for $GOARCH.
package main

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	args := os.Args[1:]
	exprs := len(args) > 0 && args[0] == "-exprs"
	if exprs {
		args = args[1:]
	}
	if len(args) < 1 {
		fmt.Fprintln(os.Stderr, "usage: typesdump [-exprs] PACKAGE...")
		os.Exit(2)
	}
	build.Default.CgoEnabled = false
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	exit := 0
	for _, arg := range args {
		if err := dump(fset, imp, arg, exprs); err != nil {
			fmt.Fprintln(os.Stderr, err)
			exit = 1
		}
	}
	os.Exit(exit)
}

func dump(fset *token.FileSet, imp types.Importer, arg string, exprs bool) error {
	mode := build.ImportMode(0)
	dir := "."
	if build.IsLocalImport(arg) || filepath.IsAbs(arg) {
		dir, arg = arg, "."
	}
	bp, err := build.Default.Import(arg, dir, mode)
	if err != nil {
		return err
	}
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(bp.Dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: imp, Sizes: types.SizesFor("gc", build.Default.GOARCH)}
	var info *types.Info
	if exprs {
		info = &types.Info{Types: map[ast.Expr]types.TypeAndValue{},
			Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	}
	pkg, err := conf.Check(bp.ImportPath, fset, files, info)
	if err != nil {
		return err
	}
	if exprs {
		fmt.Printf("package %s %s\n", pkg.Path(), pkg.Name())
		for _, line := range exprRecords(fset, pkg, info) {
			fmt.Println(line)
		}
		return nil
	}
	fmt.Printf("package %s %s\n", pkg.Path(), pkg.Name())
	for _, line := range objects(pkg) {
		fmt.Println(line)
	}
	return nil
}

func objects(pkg *types.Package) []string {
	var out []string
	qf := func(p *types.Package) string { return p.Path() }
	ts := func(t types.Type) string { return types.TypeString(t, qf) }
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		switch o := scope.Lookup(name).(type) {
		case *types.Const:
			out = append(out, fmt.Sprintf("const %s %s = %s", name, ts(o.Type()), o.Val().ExactString()))
		case *types.Var:
			out = append(out, fmt.Sprintf("var %s %s", name, ts(o.Type())))
		case *types.Func:
			out = append(out, fmt.Sprintf("func %s%s", name, strings.TrimPrefix(ts(o.Type()), "func")))
		case *types.TypeName:
			if o.IsAlias() {
				out = append(out, fmt.Sprintf("type %s = %s", name, ts(o.Type())))
				continue
			}
			out = append(out, fmt.Sprintf("type %s %s", name, ts(o.Type().Underlying())))
			if n, ok := o.Type().(*types.Named); ok {
				var methods []string
				for i := 0; i < n.NumMethods(); i++ {
					m := n.Method(i)
					sig := m.Type().(*types.Signature)
					recv := name
					if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
						recv = "*" + name
					}
					methods = append(methods, fmt.Sprintf("method %s.%s%s", recv, m.Name(),
						strings.TrimPrefix(ts(sig), "func")))
				}
				sort.Strings(methods)
				out = append(out, methods...)
			}
		}
	}
	return out
}
