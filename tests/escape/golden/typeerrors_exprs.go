// How gc writes expressions in type errors: its syntax printer's short
// form, literals' contents shortened to {…}.
package main

func g() {
	_ = func(a, b int) (int, error) { return 0, nil }.x
	_ = []int{1, 2}[1:].y
	_ = any(1).(int).z
	_ = map[string][]chan<- int{}.w
	_ = struct {
		a int
		b string
	}{}.v
	_ = interface {
		M()
		N() int
	}(nil).u
	_ = [...]int{1}.t
	_ = func() {}.s
}

func main() {}
