package util

import (
	"iter"
	"slices"
	"strings"

	"example.com/cachetest/gen"
)

type Counter struct {
	n    int
	name string
}

func (c *Counter) Inc()        { c.n++ }
func (c Counter) Name() string { return c.name }

// Apply returns a closure calling a method value.
func Apply(c *Counter, times int) func() {
	inc := c.Inc
	return func() {
		for i := 0; i < times; i++ {
			inc()
		}
	}
}

func Lengths(words []string) []int {
	return gen.Map(words, func(s string) int { return len(s) })
}

func Upper(words []string) []string {
	return gen.Map(words, strings.ToUpper)
}

func Sorted(xs []int) []int {
	ys := slices.Clone(xs)
	slices.Sort(ys)
	slices.SortFunc(ys, func(a, b int) int { return b - a })
	if i := slices.Index(ys, 3); i >= 0 {
		gen.Leak(&ys[i])
	}
	return ys
}

// OID's Equal calls a generic: inlined into another package, its shaped
// instance (made here) is inlined there too, as gc instantiates it again.
type OID []int

func (o OID) Equal(p OID) bool { return slices.Equal(o, p) }

// Names wraps an instance util makes of gen.Index: importers that inline
// Find call util's instance, known from util's summary.
type Names struct{ ix gen.Index[any] }

func (n *Names) Find(k any) int { return n.ix.Find(k) }

// names is reached only through FindName's body: an importer that inlines
// FindName calls util's instance of gen.Index[string].Find without making
// one itself, so it knows no escape tags for it (gc compiles none there).
var names gen.Index[string]

func FindName(k string) int { return names.Find(k) }

// Tree's All returns a closure: a caller of All()(f) inlines both, as gc
// sees through the temporary holding All()'s result.
type Node struct {
	next *Node
	v    int
}

type Tree struct{ root *Node }

func (t *Tree) All() func(func(int) bool) {
	return func(yield func(int) bool) {
		for x := t.root; x != nil && yield(x.v); x = x.next {
		}
	}
}

// Iterators whose range-over-func bodies are inlined into importers.
type Index struct{ v []int }

var keepYield func(int) bool

func (ix *Index) Uses() iter.Seq[int] {
	return func(yield func(int) bool) {
		keepYield = yield
		for _, x := range ix.v {
			if !yield(x) {
				return
			}
		}
	}
}

func (ix *Index) Calls() iter.Seq[int] {
	return func(yield func(int) bool) {
		for cur := range ix.Uses() {
			if cur > 0 && !yield(cur) {
				return
			}
		}
	}
}

func Doubled(x int) int { return gen.Shared(x) * 2 }

//go:noinline
func Via[T any](x int, t T) int { return gen.Hidden(x) + gen.Shared(x) }
