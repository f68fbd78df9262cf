// Calls the analyzer cannot see through leak their arguments: a map passed
// to an interface method, or to a function value, escapes even if every
// implementation only reads it. A direct call to the same code does not.
package main

import "fmt"

type counter interface{ count(m map[string]int) int }

type lenCounter struct{}

func (lenCounter) count(m map[string]int) int { return len(m) }

func viaInterface(c counter) int {
	m := map[string]int{"a": 1} // escapes: passed to an interface method
	return c.count(m)
}

func viaFunc(f func(map[string]int) int) int {
	m := map[string]int{"a": 1} // escapes: passed to a function value
	return f(m)
}

func direct() int {
	m := map[string]int{"a": 1} // does not escape: the callee is known
	return lenCounter{}.count(m)
}

func main() {
	fmt.Println(viaInterface(lenCounter{}), viaFunc(lenCounter{}.count), direct())
}
