// Sizes known only at run time. A make whose length is not a constant
// "does not escape" when nothing else sends it to the heap, but only a small
// result fits the stack: the compiler reserves a small buffer and falls back
// to the heap at run time for larger n. Maps work the same way: a hint
// above 8 allocates the buckets on the heap even for a map that does not
// escape.
package main

import "fmt"

func sum(n int) int {
	buf := make([]int, n) // does not escape, yet heap-allocated when n is large
	for i := range buf {
		buf[i] = i
	}
	t := 0
	for _, v := range buf {
		t += v
	}
	return t
}

func index(words []string) int {
	m := make(map[string]int, len(words)) // does not escape; groups on the heap for > 8 words
	for i, w := range words {
		m[w] = i
	}
	return len(m)
}

func main() {
	fmt.Println(sum(10), sum(100000), index([]string{"a", "b"}))
}
