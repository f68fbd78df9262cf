package main

import (
	"fmt"
	"os"
	"slices"

	"example.com/cachetest/gen"
	"example.com/cachetest/mid"
	"example.com/cachetest/util"
)

type pair struct{ a, b int }

func main() {
	n, s := mid.Run(os.Args)
	w, _ := s.Pop()
	p := gen.Ptr(pair{n, len(w)})
	xs := util.Sorted([]int{n, p.a, p.b})
	adder := func(d int) { n += d }
	for _, x := range xs {
		adder(x)
	}
	ys := gen.Map(xs, func(x int) *int { return gen.Keep(&x) })
	fmt.Println(n, slices.Max(xs), len(ys), *util.Box(n))
}
