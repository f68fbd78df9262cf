// gc stops at the tenth error: "too many errors" at its position.
package main

type T struct{}

func main() {
	var t T
	_ = t.a
	_ = t.b
	_ = t.c
	_ = t.d
	_ = t.e
	_ = t.f
	_ = t.g
	_ = t.h
	_ = t.i
	_ = t.j
	_ = t.k
	_ = t.l
}
