// Type errors as gc words them: selectors of unexported or misspelled
// fields and methods, keys of struct literals, pointers to interfaces, and
// how expressions are written in the messages (literals shortened to {…}).
package main

import (
	"bytes"
	"strings"
)

type S struct {
	Name string
	age  int
}

type I interface{ M() }

func f(b *strings.Builder, i *I) {
	_ = b.buf
	_ = b.grow
	_ = strings.Builder{}.buf
	_ = bytes.Buffer{buf: nil}
	_ = S{}.name
	_ = S{Name: "x"}.Age
	_ = i.M
	_ = S{ages: 1}
}

func main() {}
