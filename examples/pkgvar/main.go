// A package-level variable lives for the whole program: whatever is stored
// in it — directly, or through a field, a slice element or a map element of
// it — escapes to the heap. This is the cause behind the map scenario.
package main

import "fmt"

type config struct{ limits map[string]int }

var (
	current config
	history = make([]map[string]int, 1)
	byName  = map[string]map[string]int{}
)

func viaField() {
	m := map[string]int{"cpu": 2} // escapes: stored in a field of a package variable
	current.limits = m
}

func viaSlice() {
	m := map[string]int{"mem": 4} // escapes: stored in an element of a package slice
	history[0] = m
}

func viaMap() {
	m := map[string]int{"io": 8} // escapes: stored in a package map
	byName["io"] = m
}

func main() {
	viaField()
	viaSlice()
	viaMap()
	fmt.Println(len(current.limits), len(history[0]), len(byName))
}
