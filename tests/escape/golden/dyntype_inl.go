package p

// A type assertion to a type derived from a type parameter reads the
// target's type from the dictionary (gc's DYNAMICDOTTYPE: 6 nodes more
// than a static assertion), and so does a type switch case naming one
// (DYNAMICTYPE: 5 more). Inlined into a caller, those nodes count
// against its budget: Check (cost 90) and Kinds (cost 90) are too complex
// for gc; Kind fits.

func is[T any](x any) bool {
	_, ok := x.(T)
	return ok
}

func as[T any](x any) T { return x.(T) }

func kind[T any](x any) int {
	switch x.(type) {
	case T:
		return 1
	case []T:
		return 2
	case int:
		return 3
	}
	return 0
}

type S struct{ a, b int }

func Check(x any, n int) int {
	if is[*S](x) {
		n += n*3 + n/5 + n%7 + n<<2 + n&3 + n|5 + n^9 + n-1
	}
	if is[[]S](x) {
		n += n*3 + n/5 + n%7
	}
	return n
}

func Kind(x any) int { return kind[*S](x) + kind[string](x) }

func Get(x any) *S { return as[*S](x) }

func Kinds(x any) int { return kind[*S](x) + kind[string](x) + kind[int8](x) }
