// Conversions of untyped operands as gc reports them: mismatched kinds,
// overflows, switch cases; address of what is no variable; calls of what
// is no function; comparisons; constants assigned to interfaces.
package main

type S struct{ n int }

func (s *S) Set(n int) { s.n = n }

type Setter interface{ Set(int) }

func main() {
	var n int
	_ = "a" + n
	switch n {
	case "a":
	}
	const big = 1 << 70
	_ = n + big
	_ = &map[int]int{}[1]
	_ = 5()
	var e error = "x"
	var st Setter = S{}
	var sl []int
	_ = sl == sl
	_, _ = e, st
}
