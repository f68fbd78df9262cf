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

// One type without ~: an untyped constant argument takes it (T is byte).
func onlyByte[T byte](t T) {}

func main() {
	onlyByte(0) // fine
	str(S{})
	str(&S{}) // fine
	cmp([]int{})
	cmp[map[int]int](nil)
	cmp(any(1)) // interfaces satisfy comparable
	var _ box[int]
}

// Type terms: a type outside them, a missing ~, terms through an embedded
// interface, methods before terms.
type number interface{ ~int | ~float64 }

func num[T number](x T) {}

func tilde[T ~string](x T) {}

type myInt int

func exact[T int | string](x T) {}

type both interface {
	~int | ~string
	String() string
}

func withBoth[T both](x T) {}

type embeds interface{ number }

func viaEmbed[T embeds](x T) {}

func terms() {
	num[string]("")
	tilde(1)
	exact[myInt](1)
	num(1.5) // fine
	withBoth[int](1)
	viaEmbed[string]("")
	exact[string]("") // fine
}
