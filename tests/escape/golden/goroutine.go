// A goroutine may outlive its creator, so the closure and what it captures
// by reference move to the heap.
package main

import "sync"

func spawn(wg *sync.WaitGroup) {
	counts := make(map[string]int)
	n := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		counts["x"]++
		n++
	}()
}

func spawnArg(wg *sync.WaitGroup) {
	counts := make(map[string]int)
	wg.Add(1)
	go func(m map[string]int) {
		defer wg.Done()
		m["x"]++
	}(counts)
}

func main() {
	var wg sync.WaitGroup
	spawn(&wg)
	spawnArg(&wg)
	wg.Wait()
}
