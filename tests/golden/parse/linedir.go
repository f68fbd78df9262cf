package p

//line other.go:100:5
func f() { x := 1 }

/*line gen.go:7*/ var y = "
