// Package-level variables initialised by inlined calls, with the inliner:
// gc lays out what staticinit can (through nested inlined calls, as
// slog.Int -> slog.Int64 -> slog.Int64Value) as static data, so no
// interface box escapes there; in a function body the same call allocates.
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

func main() {
	println(len(A), B.Key, C.Int64(), D.Key, E != nil, F().Key)
}
