// A closure that outlives its function — returned, or stored as a callback —
// escapes and takes its captured variables to the heap. A closure called in
// place does not.
package main

var callbacks []func() int

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func register() {
	m := map[string]int{"a": 1}
	callbacks = append(callbacks, func() int { return m["a"] })
}

func inPlace() int {
	m := map[string]int{"a": 1}
	f := func() int { return m["a"] }
	return f()
}

func main() {
	c := counter()
	register()
	_ = c() + inPlace()
}
