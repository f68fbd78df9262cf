package p

type List[T any] struct{ next *List[T] }

type Pair[K comparable, V any] struct {
	k K
	v V
}

type Num interface{ ~int | ~float64 }

func Sum[T Num](xs ...T) (s T) {
	for _, x := range xs {
		s += x
	}
	return
}

func Seq(yield func(int) bool) {
	for i := range 3 {
		if !yield(i) {
			return
		}
	}
}

var _ = Sum[int]
var _ = Pair[string, int]{k: "a", v: 1}
