// Package-level variables initialised by inlined calls, with the inliner:
// gc lays out what staticinit can (through nested inlined calls, as
// slog.Int -> slog.Int64 -> slog.Int64Value) as static data, so no
// interface box escapes there; in a function body the same call allocates.
// Also with -m and the inliner (*_inl).
package main

import (
	"errors"
	"log/slog"
)

var n = 3
var n64 int64 = 3

var A = []slog.Attr{
	slog.Int("status", n),
	slog.String("s", "x"),
}

var B = slog.Int("x", n)

var C = slog.Int64Value(n64)

var D = slog.Int64("d", n64)

var E = errors.New("e")

func F() slog.Attr { return slog.Int("y", n) }

// Constant arguments substituted: string concatenations fold, conversions of
// constants truncate (uint8(300) is 44), and all of it is static data.
type mapnames [3]string

func mkmapnames(base string, ptr string) mapnames {
	return mapnames{base, base + "_fast32", base + "_fast32" + ptr}
}

var mapaccess1 = mkmapnames("mapaccess1", "")
var mapassign = mkmapnames("mapassign", "ptr")

type V struct {
	n uint8
	s int64
	a any
}

func mk(v int) V { return V{n: uint8(v), s: int64(v), a: v} }

var X = mk(300)
var Y = mk(-1)

func main() {
	println(len(A), B.Key, C.Int64(), D.Key, E != nil, F().Key, mapaccess1[1], mapassign[2], X.n, Y.s)
}
