package mid

import (
	"example.com/cachetest/gen"
	"example.com/cachetest/util"
)

func Run(words []string) (int, *gen.Stack[string]) {
	c := &util.Counter{}
	f := util.Apply(c, len(words))
	f()
	name := c.Name
	_ = name()
	s := &gen.Stack[string]{}
	for _, w := range words {
		s.Push(w)
	}
	ls := util.Lengths(words)
	return util.Sum(ls...) + *util.Box(3) + *gen.Ptr(len(util.Upper(words))), s
}

func Same(o util.OID) bool { return o.Equal(util.OID{1, 2}) }

func Lookup(n *util.Names, key string) int { return n.Find(key) }

func Each(t *util.Tree, yield func(int) bool) { t.All()(func(v int) bool { return yield(v) }) }

func Count(ix *util.Index) int {
	n := 0
	for c := range ix.Calls() {
		n += c
	}
	return n
}

func LookupName(key string) int { return util.FindName(key) }
