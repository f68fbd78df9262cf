// A parameter that the callee stores somewhere long-lived "leaks": every
// caller's argument escapes. Callees that only read it leave callers alone.
package main

import "fmt"

var last *[]byte

//go:noinline
func remember(b *[]byte) { last = b } // leaking param: b

//go:noinline
func count(b *[]byte) int { return len(*b) } // b does not escape

func main() {
	x := []byte("kept")
	remember(&x) // x moves to the heap
	y := []byte("read")
	fmt.Println(count(&y), len(*last)) // y stays on the stack
}
