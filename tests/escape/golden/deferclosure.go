// A directly deferred func literal runs before the function returns: it
// does not escape, and neither does what it captures by that alone. A defer
// inside a loop is different: its closure goes to the heap.
package main

func deferred() int {
	counts := make(map[string]int)
	total := 0
	defer func() {
		counts["done"]++
		total++
	}()
	counts["x"] = 1
	return len(counts)
}

func deferLoop(n int) {
	for i := 0; i < n; i++ {
		m := map[int]int{}
		defer func() { m[i]++ }()
	}
}

func main() {
	_ = deferred()
	deferLoop(2)
}
