// Returning the address of a local moves it to the heap; returning a value
// (or letting an inlined caller keep it) does not.
package main

import "fmt"

type point struct{ x, y int }

//go:noinline
func newPoint(x, y int) *point {
	p := point{x, y} // moved to heap: its address is returned
	return &p
}

func makePoint(x, y int) point {
	return point{x, y} // no allocation
}

func main() {
	fmt.Println(*newPoint(1, 2), makePoint(3, 4))
}
