// Size limits at their boundaries: explicit variables up to 128 KiB stay on
// the stack, implicit allocations (new, &T{}, make, literals) up to 64 KiB.
package main

func explicitAtLimit() int {
	var a [128 << 10]byte
	return len(a)
}

func explicitOver() int {
	var a [128<<10 + 1]byte
	return len(a)
}

func implicitAtLimit() int {
	p := new([64 << 10]byte)
	return len(p)
}

func implicitOver() int {
	p := new([64<<10 + 1]byte)
	return len(p)
}

func makeAtLimit() int {
	s := make([]byte, 64<<10)
	return len(s)
}

func makeOver() int {
	s := make([]int64, 8<<10+1)
	return len(s)
}

func main() {
	_ = explicitAtLimit() + explicitOver() + implicitAtLimit() + implicitOver() + makeAtLimit() + makeOver()
}
