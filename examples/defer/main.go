// A directly deferred closure runs before its function returns, so it stays
// on the stack and captures by reference without moving anything to the
// heap. A defer inside a loop is different: each iteration's closure must
// outlive the iteration, so closure and captures go to the heap.
package main

import "fmt"

func once() int {
	counts := make(map[string]int)
	defer func() { counts["done"]++ }() // func literal does not escape; counts stays on the stack
	counts["x"] = 1
	return len(counts)
}

func inLoop(n int) {
	for i := 0; i < n; i++ {
		m := map[int]int{}
		defer func() { m[i]++ }() // func literal escapes: deferred in a loop
	}
}

func main() {
	inLoop(3)
	fmt.Println(once())
}
