// Conversions as gc's front end shapes them: []rune of a constant string
// becomes the literal []rune{...}; an implicit conversion of an argument is
// at the argument as written, parentheses included.
package main

import "fmt"

type CondReg int8

const Cond0LT CondReg = 1

func sink(r []rune) int { return len(r) }

func Runes() int {
	x := []rune("\r\n")
	y := []rune("héllo\xff")
	return sink(x) + len(y)
}

var G = []rune("abc")

func Paren(arg, b CondReg) string {
	return fmt.Sprintf("$%d %d", (arg - Cond0LT), (arg - b)) + fmt.Sprint(arg-b)
}

func main() {
	println(Runes(), len(G), Paren(1, 2))
}
