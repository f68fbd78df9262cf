// Allocations too large for the stack go to the heap even when nothing else
// makes them escape: explicit variables above 128 KiB, implicit allocations
// (new, &T{}, make) above 64 KiB; sizes known only at run time get their own
// treatment.
package main

func fixedSmall() int {
	buf := make([]byte, 1024)
	return len(buf)
}

func fixedHuge() int {
	buf := make([]byte, 1<<20)
	return len(buf)
}

func bigVar() int {
	var a [200 << 10]byte
	return len(a)
}

func bigNew() int {
	p := new([100 << 10]byte)
	return len(p)
}

func variable(n int) int {
	buf := make([]byte, n)
	return len(buf)
}

func variableMap(n int) int {
	m := make(map[int]int, n)
	m[1] = 1
	return len(m)
}

func main() {
	_ = fixedSmall() + fixedHuge() + bigVar() + bigNew() + variable(10) + variableMap(100)
}
