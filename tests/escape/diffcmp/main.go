// Command diffcmp compares two escape-analysis outputs (gc's and goescape's)
// as multisets of exact "file:line:col: message" lines, per message class.
//
//	diffcmp -goroot DIR [-dir DIR] [-out DIR] GC_OUTPUT GOESCAPE_OUTPUT
//
// Both inputs are raw outputs (go build's "# pkg" headers and other noise are
// skipped). File names are normalised to one form: relative to GOROOT/src for
// standard packages, relative to -dir for the rest, without a leading "./".
// It prints per-class precision, recall and F1 and writes the disagreements,
// worst packages first, to OUT/disagreements.txt and a per-package table to
// OUT/packages.txt.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

var (
	goroot = flag.String("goroot", "", "GOROOT (paths under GOROOT/src are made relative to it)")
	dir    = flag.String("dir", "", "directory the commands ran in (relative paths are kept relative to it)")
	outDir = flag.String("out", "", "directory for disagreements.txt and packages.txt")
)

var posRx = regexp.MustCompile(`^(.+?\.go):(\d+):(\d+): (.*)$`)

// Classes, in report order. "escape" classes make up the headline F1.
var classes = []string{"moved to heap", "escapes to heap", "does not escape", "leaking param", "inline", "other"}
var escapeClass = map[string]bool{"moved to heap": true, "escapes to heap": true, "does not escape": true, "leaking param": true}

func classify(msg string) string {
	switch {
	case strings.HasPrefix(msg, "moved to heap: "):
		return "moved to heap"
	case strings.HasPrefix(msg, "leaking param"):
		return "leaking param"
	case strings.HasSuffix(msg, " escapes to heap"):
		return "escapes to heap"
	case strings.HasSuffix(msg, " does not escape"):
		return "does not escape"
	case strings.HasPrefix(msg, "can inline ") || strings.HasPrefix(msg, "inlining call to "):
		return "inline"
	}
	return "other"
}

// normPath returns the canonical file name and whether it lies in GOROOT/src
// (then its directory is the import path of its package).
func normPath(p string) (string, bool) {
	p = filepath.ToSlash(p)
	if *goroot != "" {
		src := filepath.ToSlash(filepath.Clean(*goroot)) + "/src/"
		if strings.HasPrefix(p, src) {
			return p[len(src):], true
		}
	}
	if filepath.IsAbs(p) && *dir != "" {
		if rel, err := filepath.Rel(*dir, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel), false
		}
	}
	return path.Clean(p), false
}

// A line of output. foreign: a standard file printed while compiling another
// package (generic instantiations, known from the "# importpath" headers).
type line struct {
	pkg, text, class string
	foreign          bool
}

// read returns the normalised lines of one output, counted.
func read(name string) (map[line]int, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := make(map[line]int)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	hdr := ""
	for sc.Scan() {
		s := sc.Text()
		if h, ok := strings.CutPrefix(s, "# "); ok {
			hdr, _, _ = strings.Cut(h, " ")
			continue
		}
		mm := posRx.FindStringSubmatch(s)
		if mm == nil {
			continue
		}
		file, std := normPath(mm[1])
		l := line{pkg: path.Dir(file), text: file + ":" + mm[2] + ":" + mm[3] + ": " + mm[4], class: classify(mm[4])}
		l.foreign = std && hdr != "" && l.pkg != hdr
		m[l]++
	}
	return m, sc.Err()
}

type counts struct{ gc, ge, tp int }

func (c counts) prf() (p, r, f float64) {
	if c.ge > 0 {
		p = float64(c.tp) / float64(c.ge)
	}
	if c.gc > 0 {
		r = float64(c.tp) / float64(c.gc)
	}
	if c.gc == 0 && c.ge == 0 {
		p, r = 1, 1
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

func main() {
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: diffcmp -goroot DIR [-dir DIR] [-out DIR] GC_OUTPUT GOESCAPE_OUTPUT")
		os.Exit(2)
	}
	gc, err := read(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ge, err := read(flag.Arg(1))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	byClass := map[string]*counts{}
	for _, c := range classes {
		byClass[c] = &counts{}
	}
	type pkgStat struct {
		counts
		gcOnly, geOnly []string
	}
	pkgs := map[string]*pkgStat{}
	ps := func(p string) *pkgStat {
		s := pkgs[p]
		if s == nil {
			s = &pkgStat{}
			pkgs[p] = s
		}
		return s
	}
	for l, n := range gc {
		g := ge[l]
		tp := min(n, g)
		c := byClass[l.class]
		c.gc += n
		c.tp += tp
		s := ps(l.pkg)
		if escapeClass[l.class] {
			s.gc += n
			s.tp += tp
		}
		for i := tp; i < n; i++ {
			s.gcOnly = append(s.gcOnly, l.text)
		}
	}
	for l, n := range ge {
		g := gc[l]
		c := byClass[l.class]
		c.ge += n
		s := ps(l.pkg)
		if escapeClass[l.class] {
			s.ge += n
		}
		for i := g; i < n; i++ {
			s.geOnly = append(s.geOnly, l.text)
		}
	}

	fmt.Printf("%-16s %8s %8s %8s %8s %8s %7s %7s %7s\n", "class", "gc", "goescape", "agree", "gc-only", "ge-only", "prec", "recall", "F1")
	var esc, all counts
	row := func(name string, c counts) {
		p, r, f := c.prf()
		fmt.Printf("%-16s %8d %8d %8d %8d %8d %7.4f %7.4f %7.4f\n", name, c.gc, c.ge, c.tp, c.gc-c.tp, c.ge-c.tp, p, r, f)
	}
	for _, name := range classes {
		c := *byClass[name]
		row(name, c)
		if escapeClass[name] {
			esc.gc += c.gc
			esc.ge += c.ge
			esc.tp += c.tp
		}
		all.gc += c.gc
		all.ge += c.ge
		all.tp += c.tp
	}
	row("TOTAL escape", esc)
	row("TOTAL all", all)
	var fr, own counts
	for l, n := range gc {
		if escapeClass[l.class] {
			c := &own
			if l.foreign {
				c = &fr
			}
			c.gc += n
			c.tp += min(n, ge[l])
		}
	}
	for l, n := range ge {
		if escapeClass[l.class] {
			if l.foreign {
				fr.ge += n
			} else {
				own.ge += n
			}
		}
	}
	row("escape, own pkg", own)
	row("escape, foreign", fr)
	fmt.Println("(foreign: lines in standard files of another package, printed while compiling an importer: generic instantiations)")
	_, _, f := esc.prf()
	fmt.Printf("F1 over escape messages: %.4f\n", f)

	if *outDir == "" {
		return
	}
	names := make([]string, 0, len(pkgs))
	for p := range pkgs {
		names = append(names, p)
	}
	bad := func(p string) int { return len(pkgs[p].gcOnly) + len(pkgs[p].geOnly) }
	sort.Slice(names, func(i, j int) bool {
		if bi, bj := bad(names[i]), bad(names[j]); bi != bj {
			return bi > bj
		}
		return names[i] < names[j]
	})
	var dis, tab strings.Builder
	fmt.Fprintf(&tab, "%-50s %7s %8s %7s %8s %8s %7s\n", "package (escape classes)", "gc", "goescape", "agree", "gc-only", "ge-only", "F1")
	for _, p := range names {
		s := pkgs[p]
		_, _, f := s.counts.prf()
		fmt.Fprintf(&tab, "%-50s %7d %8d %7d %8d %8d %7.4f\n", p, s.gc, s.ge, s.tp, s.gc-s.tp, s.ge-s.tp, f)
		if bad(p) == 0 {
			continue
		}
		fmt.Fprintf(&dis, "== %s: %d only in gc, %d only in goescape\n", p, len(s.gcOnly), len(s.geOnly))
		sort.Strings(s.gcOnly)
		sort.Strings(s.geOnly)
		for _, t := range s.gcOnly {
			fmt.Fprintf(&dis, "- %s\n", t)
		}
		for _, t := range s.geOnly {
			fmt.Fprintf(&dis, "+ %s\n", t)
		}
	}
	os.MkdirAll(*outDir, 0o755)
	os.WriteFile(filepath.Join(*outDir, "disagreements.txt"), []byte(dis.String()), 0o644)
	os.WriteFile(filepath.Join(*outDir, "packages.txt"), []byte(tab.String()), 0o644)
	fmt.Printf("disagreements (- only gc, + only goescape), worst packages first: %s\n", filepath.Join(*outDir, "disagreements.txt"))
}
