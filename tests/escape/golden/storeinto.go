// Storing a pointer into a map, slice or struct that escapes, or sending it
// on a channel, makes the pointee escape. The same stores into local
// containers that do not escape keep it on the stack.
package main

type holder struct{ m map[string]int }

var registry = map[string]*[]int{}
var held *holder

func intoMap(name string) {
	buf := make([]int, 0, 4)
	registry[name] = &buf
}

func intoSlice() []*int {
	v := 1
	s := make([]*int, 1)
	s[0] = &v
	return s
}

func intoStruct() {
	m := map[string]int{}
	h := &holder{}
	h.m = m
	held = h
}

func send(ch chan *int) {
	v := 42
	ch <- &v
}

func sendMap(ch chan map[string]int) {
	m := make(map[string]int)
	ch <- m
}

func localStore() int {
	v := 1
	s := []*int{&v}
	local := map[string]*int{"v": &v}
	return *s[0] + *local["v"]
}

func main() {
	intoMap("a")
	_ = intoSlice()
	intoStruct()
	ch := make(chan *int, 1)
	send(ch)
	cm := make(chan map[string]int, 1)
	sendMap(cm)
	_ = localStore()
}
