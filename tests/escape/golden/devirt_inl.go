// Devirtualization of methods promoted from embedded fields, with -m and the
// inliner: x.(T).node.SetPos (gc's XDotMethod through the implicit field),
// so the receiver stays on the stack; partially through an embedded
// interface (gc's #42279); not between two identical literal struct types,
// which gc compares by pointer; to a method of a generic type's instance
// through the dictionary wrapper gc calls (T[int].M, itself inlined), so
// the converted value stays on the stack.
package main

type Node interface {
	SetPos(int)
}

type node struct{ pos int }

func (n *node) SetPos(p int) { n.pos = p }

type CallExpr struct {
	node
}

type Name struct{ pos int }

func (n *Name) SetPos(p int) { n.pos = p }

func F(d int) Node {
	pe := func(e Node) Node {
		e.SetPos(d)
		return e
	}
	pe(&Name{})
	return pe(&CallExpr{})
}

func G() {
	var e Node = &CallExpr{}
	e.SetPos(1)
}

type M interface{ M() }

type impl struct{}

func (impl) M() {}

func Partial() {
	type I interface{ M() }
	type T struct{ I }
	var i I = T{impl{}}
	i.M()
}

func Identical() {
	var i M = struct{ impl }{}
	i = struct{ impl }{}
	i.M()
}

type Getter interface{ Get() *int }

type Impl[T any] struct {
	p *int
	_ T
}

func (g Impl[T]) Get() *int { return g.p }

type Box[T any] struct{ v T }

func (b *Box[T]) Get() *int { return nil }

func Generic(q *int) *int {
	var i Getter = Impl[int]{p: q}
	return i.Get()
}

//go:noinline
func GenericPtr() *int {
	var i Getter = &Box[string]{}
	return i.Get()
}

func main() {
	F(1)
	G()
	Partial()
	Identical()
	Generic(nil)
	GenericPtr()
}
