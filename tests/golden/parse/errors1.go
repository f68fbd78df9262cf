package main

func main() {
	x := 
}

func g() {
	var s = "abc
}

func h(a ...int, b int) {}
var y = 0x
var z = 1 @ 2
