// Calls the analyzer cannot see through — interface methods, function
// values — leak their arguments; a direct call to a known function that
// does not leak keeps them on the stack.
package main

type sizer interface{ size(m map[string]int) int }

type impl struct{}

func (impl) size(m map[string]int) int { return len(m) }

func direct(m map[string]int) int { return len(m) }

func viaInterface(s sizer) int {
	m := map[string]int{"a": 1}
	return s.size(m)
}

func viaFuncValue(f func(map[string]int) int) int {
	m := map[string]int{"a": 1}
	return f(m)
}

func viaDirect() int {
	m := map[string]int{"a": 1}
	return direct(m)
}

func main() {
	_ = viaInterface(impl{})
	_ = viaFuncValue(direct)
	_ = viaDirect()
}
