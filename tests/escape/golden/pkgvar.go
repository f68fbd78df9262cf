// Assignment to a package-level variable, directly or through a field, a
// slice element or a map element of one, sends the value to the heap.
package main

var (
	gMap   map[string]int
	gPtr   *int
	gHold  struct{ m map[string]int }
	gSlice = make([]*int, 4)
	gIndex = map[string]*int{}
)

func direct() {
	m := make(map[string]int)
	m["a"] = 1
	gMap = m
}

func viaField() {
	m := map[string]int{"b": 2}
	gHold.m = m
}

func viaSliceElem() {
	x := 1
	gSlice[0] = &x
}

func viaMapElem() {
	y := 2
	gIndex["y"] = &y
}

func addr() {
	z := 3
	gPtr = &z
}

func local() int {
	m := make(map[string]int) // does not escape
	m["a"] = 1
	return len(m)
}

func main() {
	direct()
	viaField()
	viaSliceElem()
	viaMapElem()
	addr()
	_ = local()
}
