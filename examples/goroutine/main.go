// A goroutine may run after its creator returns, so what it captures moves to
// the heap; a directly deferred closure runs before the return and does not.
package main

import (
	"fmt"
	"sync"
)

func spawn(wg *sync.WaitGroup) {
	counts := make(map[string]int)
	wg.Add(1)
	go func() { // counts escapes: captured by a goroutine
		defer wg.Done()
		counts["x"]++
	}()
}

func deferred() int {
	counts := make(map[string]int)
	defer func() { counts["done"]++ }() // does not escape by this alone
	counts["x"] = 1
	return len(counts)
}

func main() {
	var wg sync.WaitGroup
	spawn(&wg)
	wg.Wait()
	fmt.Println(deferred())
}
