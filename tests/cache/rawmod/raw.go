// Package raw: operands escape analysis replaces (a //go:uintptrescapes
// argument by a temporary, a make length by its constant). With -p 2 the
// bounds notes are made on another thread while escape analysis runs, and
// the notes inside replaced operands dropped after (ir_bounds_forget): the
// output must be the -p 1 run's, which makes them after (a[i&7] in g is
// not reported; gc reports it, as it keeps the operand in an assignment).
package raw

import (
	"strings"
	"unsafe"
)

//go:uintptrescapes
//go:noinline
func f(p uintptr) {}

var a [8]byte

func g(i int) { f(uintptr(unsafe.Pointer(&a[i&7]))) }

func h(i int) byte { return a[i&7] }

func k(n int) []int {
	const c = 4
	x := c
	return make([]int, x, x)
}

func Has(s string) bool { return strings.Contains(s, "x") }
