// The motivating scenario: a map built in a function and stored in a package
// variable escapes to the heap, so every call allocates it.
package main

import "fmt"

var globalMap map[string]int

func badAssignment() {
	m := make(map[string]int)
	for i := 0; i < 1000; i++ {
		key := fmt.Sprintf("k%d", i)
		m[key] = i
		globalMap = m
	}
}

func goodAssignment() {
	m := make(map[string]int, 1000)
	for i := 0; i < 1000; i++ {
		key := fmt.Sprintf("k%d", i)
		m[key] = i
	}
	globalMap = m
}

func local() int {
	m := make(map[string]int)
	for i := 0; i < 10; i++ {
		m[fmt.Sprint(i)] = i
	}
	return len(m)
}

func main() {
	badAssignment()
	goodAssignment()
	fmt.Println(len(globalMap), local())
}
