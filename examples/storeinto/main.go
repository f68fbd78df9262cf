// Storing a pointer into something that lives on the heap (a map, a slice of
// a package variable, a channel) makes the pointee escape.
package main

import "fmt"

var registry = map[string]*[]int{}

func keep(name string) {
	buf := make([]int, 0, 4) // escapes: stored in a package-level map
	registry[name] = &buf
}

func send(ch chan *int) {
	v := 42 // moved to heap: sent on a channel
	ch <- &v
}

func main() {
	keep("a")
	ch := make(chan *int, 1)
	send(ch)
	fmt.Println(len(registry), *<-ch)
}
