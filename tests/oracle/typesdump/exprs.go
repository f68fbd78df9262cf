package main

// The -exprs record format, one line per record:
//
//	FILE:L:C-L:C expr MODE TYPE              an Info.Types entry
//	FILE:L:C-L:C expr const TYPE = VALUE     ... of a constant (VALUE: ExactString)
//	FILE:L:C-L:C def NAME KIND WHERE         an Info.Defs entry (KIND "-": no object)
//	FILE:L:C-L:C use NAME KIND WHERE         an Info.Uses entry
//
// FILE is the file's base name; L:C-L:C are the expression's Pos and End as
// written (line directives ignored; columns in bytes). MODE is what
// TypeAndValue says the operand is: void, type, builtin, const, nil, var
// (addressable), mapindex (assignable, comma-ok), commaok, value. KIND is
// the object's kind: var, const, type, func, pkgname, label, builtin, nil.
// WHERE is FILE:L:C of the object's declaration in this package, the path
// of its package when it is declared in another, or "universe".

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
)

type record struct {
	file     string
	pos, end token.Position
	text     string
}

func exprRecords(fset *token.FileSet, pkg *types.Package, info *types.Info) []string {
	qf := func(p *types.Package) string { return p.Path() }
	var recs []record
	add := func(n ast.Node, text string) {
		p, e := fset.PositionFor(n.Pos(), false), fset.PositionFor(n.End(), false)
		recs = append(recs, record{filepath.Base(p.Filename), p, e, text})
	}
	for x, tv := range info.Types {
		text := "expr " + mode(tv) + " " + types.TypeString(tv.Type, qf)
		if tv.Value != nil {
			text += " = " + tv.Value.ExactString()
		}
		add(x, text)
	}
	where := func(o types.Object) string {
		if o.Pkg() == nil {
			return "universe"
		}
		if o.Pkg() != pkg {
			return o.Pkg().Path()
		}
		p := fset.PositionFor(o.Pos(), false)
		return fmt.Sprintf("%s:%d:%d", filepath.Base(p.Filename), p.Line, p.Column)
	}
	ident := func(what string, id *ast.Ident, o types.Object) {
		if o == nil {
			add(id, what+" "+id.Name+" -")
			return
		}
		add(id, what+" "+id.Name+" "+kind(o)+" "+where(o))
	}
	for id, o := range info.Defs {
		ident("def", id, o)
	}
	for id, o := range info.Uses {
		ident("use", id, o)
	}
	sort.Slice(recs, func(i, j int) bool {
		a, b := recs[i], recs[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.pos.Offset != b.pos.Offset {
			return a.pos.Offset < b.pos.Offset
		}
		if a.end.Offset != b.end.Offset {
			return a.end.Offset < b.end.Offset
		}
		return a.text < b.text
	})
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = fmt.Sprintf("%s:%d:%d-%d:%d %s", r.file, r.pos.Line, r.pos.Column, r.end.Line, r.end.Column, r.text)
	}
	return out
}

func mode(tv types.TypeAndValue) string {
	switch {
	case tv.IsVoid():
		return "void"
	case tv.IsType():
		return "type"
	case tv.IsBuiltin():
		return "builtin"
	case tv.Value != nil:
		return "const"
	case tv.IsNil():
		return "nil"
	case tv.Addressable():
		return "var"
	case tv.Assignable():
		return "mapindex"
	case tv.HasOk():
		return "commaok"
	}
	return "value"
}

func kind(o types.Object) string {
	switch o.(type) {
	case *types.Var:
		return "var"
	case *types.Const:
		return "const"
	case *types.TypeName:
		return "type"
	case *types.Func:
		return "func"
	case *types.PkgName:
		return "pkgname"
	case *types.Label:
		return "label"
	case *types.Builtin:
		return "builtin"
	case *types.Nil:
		return "nil"
	}
	return "?"
}
