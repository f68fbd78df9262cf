// Message forms worth pinning: a boxed value stored through []any prints
// twice, variadic "... argument", method values, conversions, append.
package main

var sink any
var sinkFn func() int

type counter struct{ n int }

func (c *counter) get() int { return c.n }

func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func boxed(x int) {
	sink = []any{x}
}

func variadic() int {
	return sum(1, 2, 3)
}

func methodValue() {
	c := &counter{}
	sinkFn = c.get
}

func convert(s string) int {
	b := []byte(s)
	return len(b)
}

func grow(s []int) []int {
	return append(s, 1)
}

func main() {
	boxed(1)
	_ = variadic()
	methodValue()
	_ = convert("x")
	_ = grow(nil)
}
