package p

import "slices"

var sink any

// Defined types declared in function bodies carry gc's package-wide number
// (·N, in file and source order) in the link names of instances.
var early = func() int {
	type A struct{ x int }
	return len(slices.Clone([]A{{1}}))
}()

func Two(n int) int {
	type B struct{ p *int }
	bs := make([]B, n)
	c := slices.Clone(bs)
	return len(c)
}

func Three() {
	type C = struct{ y int }
	type D int
	sink = slices.Index([]D{1, 2}, 2)
	sink = C{}
}

//go:noinline
func G[T any](v T) *T { return &v }

func Four() {
	type E struct{ s string }
	sink = G(E{"x"})
	sink = G([]E{{"y"}})
}
