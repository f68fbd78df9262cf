// A closure that outlives its function captures by reference: the map it
// captures moves to the heap. A closure called in place does not.
package main

import "fmt"

var callbacks []func() int

func register() {
	m := map[string]int{"a": 1}
	callbacks = append(callbacks, func() int { return m["a"] }) // escapes: stored in a package slice
}

func local() int {
	m := map[string]int{"a": 1}
	f := func() int { return m["a"] } // does not escape: called here only
	return f()
}

func main() {
	register()
	fmt.Println(local(), len(callbacks))
}
