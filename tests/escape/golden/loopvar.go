// Per-iteration range variables (Go 1.22) captured by func literals: gc's
// loopvar pass copies a captured range variable at the top of the body
// (v := tmp) but keeps the range statement as its definition, so escape
// analysis counts the copy as a reassignment, forgiven only when the
// capture is at the variable's own loop depth: `inner`, captured two loops
// down, is captured by reference and moves to the heap; `outer` is copied.
package main

type combo struct {
	a, b, cost int
	build      func(x int) int
}

var combos = []combo{{1, 2, 3, func(x int) int { return x }}}

var sink []func(int) int

func F() {
	for _, inner := range combos {
		for _, outer := range combos {
			if inner.a+outer.a > 2 {
				sink = append(sink, func(v int) int {
					return inner.build(outer.build(v))
				})
			}
		}
	}
}

func G() {
	for i := 0; i < 3; i++ {
		for _, c := range combos {
			sink = append(sink, func(v int) int { return v + i + c.a })
		}
	}
}

func main() {
	F()
	G()
	println(len(sink))
}
