// Type errors whose operands gc describes: "x (variable of struct type T)",
// "1 (untyped int constant)"; argument lists with "...", receives from
// what is not a receivable channel, mismatched operands, map keys.
package main

import "strings"

type T struct{ a int }

func (t T) M() {}

type I interface {
	M()
	N()
}

func h(xs ...int) {}

func main() {
	var i I = T{}
	h(1, []int{1}...)
	var ch chan<- int
	<-ch
	n := 1
	<-n
	_ = len(1)
	var f float64 = "a" + 1
	_ = min(1, "a")
	var m map[string]int
	_ = m[1]
	strings.Split("a")
	_, _ = i, f
}
