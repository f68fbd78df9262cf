// Calls of generic code outside generic bodies go to the shaped instance
// with a static dictionary, which gc prints as an argument.
package main

import "fmt"

type Box[T any] struct{ v T }

func (b *Box[T]) Get(i int) T { return b.v }

func G[T any](x T) T { return x }

func main() {
	b := &Box[string]{"x"}
	fmt.Println(G(3), "a"+b.Get(1))
}
