// Range-over-func loops: gc's rewrite (state checks, #next codes for returns and
// labeled branches across loops, #defers), with -m=2 -l, and as
// rangefunc_inl.go (a link to this file) at -m with the inliner. (Instances of
// maps.Keys or slices.All are left out: their dictionaries' captures differ.)
package main

import (
	"strings"
)

var keep func(int) bool

func Seq(yield func(int) bool) {
	for i := 0; i < 3; i++ {
		if !yield(i) {
			return
		}
	}
}

func Leak(yield func(int) bool) {
	keep = yield
	yield(1)
}

func First() int {
	for x := range Seq {
		return x
	}
	return -1
}

func Cont() (n int) {
	for x := range Seq {
		if x == 1 {
			continue
		}
		n++
	}
	return
}

func Nested(v int) int {
	for x := range Seq {
		for y := range Seq {
			if x+y == v {
				return x
			}
			if y > 5 {
				break
			}
		}
	}
	return -1
}

func NestedLeak(v int) int {
	for x := range Leak {
		for y := range Leak {
			if x+y == v {
				return x
			}
		}
	}
	return -1
}

func Assign() (k int) {
	var x int
	for x = range Seq {
		k += x
	}
	return
}

func Split(f string) int {
	n := 0
	for sf := range strings.SplitSeq(f, ",") {
		if sf != "" {
			n++
		}
	}
	return n
}

func Lit() func() int {
	return func() int {
		for x := range Seq {
			if x > 1 {
				return x
			}
		}
		return 0
	}
}

func Labeled() int {
	n := 0
outer:
	for x := range Seq {
		for y := range Seq {
			if y > x {
				continue outer
			}
			if y == 2 {
				break outer
			}
			n++
		}
	}
	return n
}

func Plain() int {
	n := 0
L:
	for x := range Seq {
		if x > 2 {
			break L
		}
		if x == 1 {
			continue L
		}
		n++
	}
	return n
}

func Def() {
	for x := range Seq {
		defer println(x)
	}
}

func Seq0(yield func() bool) {
	yield()
}

func Zero() int {
	n := 0
	for range Seq0 {
		n++
	}
	return n
}

func Blank() int {
	n := 0
	for _ = range Seq {
		n++
	}
	return n
}

func Outer() int {
	n := 0
L:
	for i := 0; i < 3; i++ {
		for x := range Seq {
			if x == i {
				continue L
			}
			if x > 5 {
				break L
			}
			n++
		}
	}
	return n
}

func Goto() int {
	n := 0
	for x := range Seq {
		if x == 2 {
			goto done
		}
		n++
	}
done:
	return n
}

func Inner() int {
	n := 0
	for x := range Seq {
		for i := 0; i < x; i++ {
			if i == 1 {
				continue
			}
			if i == 2 {
				break
			}
			n++
		}
		switch x {
		case 1:
			break
		}
	}
	return n
}

func Three(v int) int {
	for x := range Seq {
		for y := range Seq {
			for z := range Seq {
				if x+y+z == v {
					return z
				}
			}
		}
	}
	return 0
}

func Multi() (a, b int) {
	for x := range Seq {
		if x > 1 {
			return x, x + 1
		}
	}
	return
}

func Seq2(yield func(int, string) bool) { yield(1, "a") }

var G = func() int {
	n := 0
	for x := range Seq {
		n += x
	}
	return n
}()

func Sel(c chan int) int {
	for x := range Seq {
		select {
		case v := <-c:
			if v == x {
				break
			}
			return v
		default:
		}
	}
	return 0
}

func Lab() int {
L1:
	for x := range Seq {
	L2:
		for y := range Seq2 {
			_ = y
			switch {
			case x == 1:
				continue L1
			case x == 2:
				break L2
			case x == 3:
				goto End
			}
			for i := range 3 {
				if i == x {
					continue L2
				}
				if i > x {
					break L1
				}
			}
		}
	}
End:
	return 1
}

func FL() func() int {
	return func() int {
	A:
		for x := range Seq {
			f := func() int {
			B:
				for y := range Seq {
					if y > x {
						break B
					}
					if y == 7 {
						return y
					}
				}
				return 0
			}
			if f() > 1 {
				continue A
			}
			if x > 5 {
				return x
			}
		}
		return 0
	}
}

func Dead() int {
	for x := range Seq {
		return x
		println("dead") //nolint
	}
	return 0
}

func Panics() {
	for x := range Seq {
		if x > 1 {
			panic("x")
		}
	}
}

func DeferNested() {
	for x := range Seq {
		for y := range Seq {
			defer println(x, y)
		}
	}
}

type S struct{ v []int }

func (s *S) All(yield func(int, int) bool) {
	for i, v := range s.v {
		if !yield(i, v) {
			return
		}
	}
}

func Meth(s *S) (sum int) {
	for i, v := range s.All {
		if i > 10 {
			return -1
		}
		sum += v
	}
	return
}


// A range-over-func loop returning values names the results #rv1, ...
// even in code never run; blank results too.
type Cur struct{ p *int }

func FindIn(c Cur, n int) (Cur, bool) {
	if false {
		for x := range Seq {
			if x == n {
				return c, true
			}
		}
	}
	return c, false
}

func BlankResult(n int) (_ *int, ok bool) {
	for x := range Seq {
		if x == n {
			return &n, true
		}
	}
	return nil, false
}

// Blank functions are never compiled: gc says nothing about them.
var blankSink *int

func _(x *int) { blankSink = x }

func main() {
	println(First(), Cont(), Nested(3), NestedLeak(2), Assign(), Split("a,b"), Lit()(), Labeled(), Plain())
	Def()
	println(Zero(), Blank(), Outer(), Goto(), Inner(), Three(4))
	a, b := Multi()
	println(G, Sel(nil), Lab(), FL()(), Dead(), Meth(&S{}))
	Panics()
	c, _ := FindIn(Cur{}, 1)
	p, _ := BlankResult(1)
	println(c.p, p)
	DeferNested()
	println(a, b)
}
