// Package gen: generic code that importers instantiate and inline.
package gen

// Map is small enough to be inlined into its callers in other packages.
func Map[T, U any](s []T, f func(T) U) []U {
	r := make([]U, 0, len(s))
	for _, v := range s {
		r = append(r, f(v))
	}
	return r
}

func Ptr[T any](v T) *T { return &v }

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

var sink any

func Keep(p *int) *int { return p }

func Leak(x any) { sink = x }

// Index is too big to inline; its key does not escape.
type Index[K comparable] struct{ keys []K }

func (x *Index[K]) Find(k K) int {
	for i, v := range x.keys {
		if v == k {
			return i
		}
	}
	for i := len(x.keys) - 1; i >= 0; i-- {
		if x.keys[i] == k {
			return -i
		}
	}
	for i := 0; i+1 < len(x.keys); i += 2 {
		if x.keys[i] == k || x.keys[i+1] == k {
			return i * 2
		}
	}
	for i := 1; i+1 < len(x.keys); i += 3 {
		if x.keys[i] == k || x.keys[i+1] == k {
			return i * 3
		}
	}
	return -1
}

// Hidden is inlined only into instances of util.Via, which util itself never
// compiles: util's export data lacks its body, so web cannot inline it.
func Hidden(x int) int { return x*7 + 1 }

// Shared is inlined into util.Doubled too: util re-exports its body.
func Shared(x int) int { return x*5 + 2 }
