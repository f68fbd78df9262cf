// Returning the address of a local moves it to the heap; returning a map
// created locally makes the map escape; returning a value does not allocate.
package main

type point struct{ x, y int }

func newPoint(x, y int) *point {
	p := point{x, y}
	return &p
}

func newPointLit(x, y int) *point {
	return &point{x, y}
}

func newMap() map[string]int {
	m := make(map[string]int)
	m["a"] = 1
	return m
}

func mapAddr() *map[string]int {
	m := map[string]int{}
	return &m
}

func value(x, y int) point {
	return point{x, y}
}

func main() {
	_ = newPoint(1, 2)
	_ = newPointLit(1, 2)
	_ = newMap()
	_ = mapAddr()
	_ = value(3, 4)
}
