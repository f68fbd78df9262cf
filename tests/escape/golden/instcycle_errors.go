// Instantiation cycles (go/types' monomorphization check): a generic type
// or function whose own instantiations grow their type arguments. goescape
// once resolved such instances without end.
package main

type List[T any] struct {
	v    T
	next *List[List[T]]
}

func (l *List[T]) Get() T { return l.v }

func main() {
	var l List[int]
	_ = l.Get()
}
