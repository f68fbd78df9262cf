// Anything sent on a channel may be received by another goroutine at any
// later time: the value sent escapes, whether it is a pointer or a map.
package main

import "fmt"

func produce(ch chan map[string]int) {
	m := make(map[string]int) // escapes: sent on a channel
	m["a"] = 1
	ch <- m
}

func count(ch chan *int) {
	n := 0 // moved to heap: its address is sent
	ch <- &n
}

func main() {
	maps := make(chan map[string]int, 1)
	produce(maps)
	ptrs := make(chan *int, 1)
	count(ptrs)
	fmt.Println(len(<-maps), *<-ptrs)
}
