// Converting to an interface escapes only if the interface value escapes:
// passing a map to a parameter of type any that the callee does not leak
// keeps it on the stack; printing it with fmt does not.
package main

import "fmt"

//go:noinline
func size(v any) int {
	if m, ok := v.(map[string]int); ok {
		return len(m)
	}
	return 0
}

func main() {
	m := map[string]int{"a": 1}
	fmt.Println(size(m)) // m does not escape through size
	n := map[string]int{"b": 2}
	fmt.Println(n) // n escapes: fmt.Println's arguments leak
}
