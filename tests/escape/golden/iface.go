// Converting to an interface escapes only when the interface value escapes.
// A callee that does not leak its interface parameter keeps the value on
// the stack; storing the interface in a package variable does not.
package main

var sink any

func size(v any) int {
	if m, ok := v.(map[string]int); ok {
		return len(m)
	}
	return 0
}

func keep(v any) { sink = v }

type big struct{ a, b, c int }

func main() {
	m := map[string]int{"a": 1}
	_ = size(m) // m does not escape
	n := map[string]int{"b": 2}
	keep(n) // n escapes: keep leaks its parameter
	b := big{1, 2, 3}
	_ = size(b) // the boxed copy does not escape
	c := big{4, 5, 6}
	sink = c // the boxed copy escapes
}
