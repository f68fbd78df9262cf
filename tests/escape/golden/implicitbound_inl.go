package p

// A type parameter constrained by a bare type term ([P *T], the implicit
// interface{*T}) has no basic constraint: its pointer type arguments keep
// their own shape (go.shape.*p.S), as with interface{ *T } written out;
// under any they share go.shape.*uint8.

func clone[P *T, T any](p P) P {
	c := *p
	return &c
}

type S struct{ x int }

func Use(s *S) *S { return clone(s) }

func cloneAny[P interface{ *T }, T any](p P) P {
	c := *p
	return &c
}

func UseAny(s *S) *S { return cloneAny(s) }

func plain[P any](p P) P { return p }

func UsePlain(s *S) *S { return plain(s) }
