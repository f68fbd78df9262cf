// Type arguments that do not satisfy their constraints: a missing method
// or one with a pointer receiver (explicit, inferred: go/types' "in call
// to" form, in a type), and comparable.
package main

import "fmt"

type S struct{}

func (*S) String() string { return "" }

func str[T fmt.Stringer](x T) string { return x.String() }

func cmp[T comparable](x T) {}

type box[T fmt.Stringer] struct{ v T }

var _ = str[S]

func main() {
	str(S{})
	str(&S{}) // fine
	cmp([]int{})
	cmp[map[int]int](nil)
	cmp(any(1)) // interfaces satisfy comparable
	var _ box[int]
}
