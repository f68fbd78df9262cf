// Command astdump prints the go/ast of Go files in goescape's canonical text
// form (docs/ast-dump.md), so `goescape parse -dump` can be compared with it.
//
// Usage:
//
//	astdump FILE...                       each file's dump, preceded by "== FILE"
//	astdump -list LISTFILE                file names read one per line
//	astdump -list LISTFILE -against DUMP  compare with goescape's dump of the
//	                                      same files; print each differing file
//	                                      and its first differing line, then
//	                                      "N passed, M failed"
package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"strings"
)

var (
	out  = bufio.NewWriterSize(os.Stdout, 1<<16)
	fset *token.FileSet
)

func main() {
	files := os.Args[1:]
	against := ""
	if len(files) >= 2 && files[0] == "-list" {
		data, err := os.ReadFile(files[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if len(files) == 4 && files[2] == "-against" {
			against = files[3]
		}
		files = strings.Fields(string(data))
	}
	if against != "" {
		os.Exit(compare(files, against))
	}
	for _, name := range files {
		dumpFile(name)
	}
	out.Flush()
}

// compare dumps each file and checks it against goescape's dump in path.
func compare(files []string, path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	theirs := map[string]string{}
	// Section headers are the only lines that start with "== ": dumps escape
	// newlines inside comments and literals.
	for _, sec := range strings.Split("\n"+string(data), "\n== ")[1:] {
		name, _, _ := strings.Cut(sec, "\n")
		if !strings.HasSuffix(sec, "\n") {
			sec += "\n"
		}
		theirs[name] = "== " + sec
	}
	var buf strings.Builder
	passed, failed := 0, 0
	for _, name := range files {
		buf.Reset()
		out.Reset(&buf)
		dumpFile(name)
		out.Flush()
		want, got := buf.String(), theirs[name]
		if want == got {
			passed++
			continue
		}
		failed++
		wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
		for i := 0; i < len(wl) || i < len(gl); i++ {
			var w, g string
			if i < len(wl) {
				w = wl[i]
			}
			if i < len(gl) {
				g = gl[i]
			}
			if w != g {
				fmt.Printf("FAIL %s line %d\n  go/ast:   %s\n  goescape: %s\n", name, i+1, w, g)
				break
			}
		}
	}
	fmt.Printf("%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

func dumpFile(name string) {
	fmt.Fprintf(out, "== %s\n", name)
	fset = token.NewFileSet()
	f, err := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		fmt.Fprintln(out, "ERROR")
		return
	}
	node(0, "File", f)
	for _, g := range f.Comments {
		for _, c := range g.List {
			fmt.Fprintf(out, "Comment %s %s Text=%s\n", pos(c.Pos()), pos(c.End()), quote(c.Text))
		}
	}
}

func pos(p token.Pos) string {
	if !p.IsValid() {
		return "-"
	}
	q := fset.PositionFor(p, false)
	return fmt.Sprintf("%d:%d", q.Line, q.Column)
}

// quote escapes '"', '\\', control bytes and DEL as \xHH; other bytes stay raw.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c == '"' || c == '\\' {
			fmt.Fprintf(&b, "\\x%02x", c)
		} else {
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

var (
	nodeType    = reflect.TypeOf((*ast.Node)(nil)).Elem()
	commentType = reflect.TypeOf((*ast.CommentGroup)(nil))
	tokenType   = reflect.TypeOf(token.ILLEGAL)
	dirType     = reflect.TypeOf(ast.SEND)
)

func node(depth int, label string, n ast.Node) {
	v := reflect.ValueOf(n).Elem()
	t := v.Type()
	var attrs strings.Builder
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), v.Field(i)
		switch {
		case f.Type == tokenType:
			fmt.Fprintf(&attrs, " %s=%s", f.Name, token.Token(fv.Int()))
		case f.Type == dirType:
			fmt.Fprintf(&attrs, " %s=%d", f.Name, fv.Int())
		case f.Type.Kind() == reflect.Bool:
			fmt.Fprintf(&attrs, " %s=%t", f.Name, fv.Bool())
		case f.Type.Kind() == reflect.String && f.Name != "GoVersion":
			fmt.Fprintf(&attrs, " %s=%s", f.Name, quote(fv.String()))
		}
	}
	fmt.Fprintf(out, "%s%s: %s %s %s%s\n", strings.Repeat("  ", depth), label, t.Name(), pos(n.Pos()), pos(n.End()), attrs.String())
	if _, isFile := n.(*ast.File); isFile {
		f := n.(*ast.File)
		node(depth+1, "Name", f.Name)
		for _, d := range f.Decls {
			node(depth+1, "Decls", d)
		}
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), v.Field(i)
		if f.Type == commentType {
			continue
		}
		switch {
		case f.Type.Implements(nodeType):
			if !fv.IsNil() {
				node(depth+1, f.Name, fv.Interface().(ast.Node))
			}
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Implements(nodeType) && f.Type.Elem() != commentType:
			for j := 0; j < fv.Len(); j++ {
				if e := fv.Index(j); !e.IsNil() {
					node(depth+1, f.Name, e.Interface().(ast.Node))
				}
			}
		}
	}
}
