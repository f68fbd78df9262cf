// Type errors of generic code: map keys of a type parameter need a
// comparable constraint (any and method-only constraints are not).
package main

import "fmt"

func keys[T any]() map[T]int { return nil }

type index[K fmt.Stringer] map[K]bool

func ok[K comparable, V any](m map[K]V) int { return len(m) }

func terms[K ~int | ~string]() map[K]int { return nil }

func main() {
	_ = keys[int]
	_ = ok[string, int]
	_ = terms[int]
}
