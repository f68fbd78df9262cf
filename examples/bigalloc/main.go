// Allocations too large for the stack go to the heap even when nothing else
// makes them escape. A size known only at run time is reported as "does not
// escape", yet the backing array can use the stack only when it turns out
// small: "does not escape" is not the same as "no heap allocation".
package main

import "fmt"

func fixedSmall() int {
	buf := make([]byte, 1024) // stays on the stack
	return len(buf)
}

func fixedHuge() int {
	buf := make([]byte, 1<<20) // too large for the stack: heap
	return len(buf)
}

func variable(n int) int {
	buf := make([]byte, n) // "does not escape", but sized at run time
	return len(buf)
}

func main() {
	fmt.Println(fixedSmall(), fixedHuge(), variable(10))
}
