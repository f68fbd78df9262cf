package util

import "example.com/cachetest/gen"

func Box(v int) *int { return gen.Ptr(v) }

func Sum(xs ...int) (t int) {
	for _, x := range xs {
		t += x
	}
	return
}
