package p

// gc's writer narrows if and for conditions with a constant operand
// (staticBool) and rewrites the tree it descends into: an operand narrowed
// inside an undecided && / || stays narrowed (lines 17 and 38: x.isNil()
// is gone, so never inlined), a parenthesised operand is opaque unless
// constant (lines 20, 26), and a return is not narrowed (line 43).

const on = true

type op struct{ m int }

func (x *op) mode() int { return x.m }
func (x *op) isNil() bool { return x.mode() == 3 }

func F(x *op, a, b bool) bool {
	if a || b && !on && x.isNil() {
		return true
	}
	if a || (b && !on && x.isNil()) {
		return true
	}
	if (!on) && x.isNil() {
		return true
	}
	if (b && !on) && x.isNil() {
		return true
	}
	if !(a || on) && x.isNil() {
		return true
	}
	if a && (on || x.isNil()) {
		return true
	}
	if a && on || x.isNil() {
		return true
	}
	for a || b && !on && x.isNil() {
	}
	return false
}

func R(x *op, a, b bool) bool { return a || b && !on && x.isNil() }
