// Parameter leak tags: a parameter stored somewhere long-lived leaks to the
// heap, one returned leaks to a result, one whose pointees are stored leaks
// its content; callers' arguments follow the tags.
package main

var last *[]byte
var lastContent *byte

func remember(b *[]byte) { last = b }

func count(b *[]byte) int { return len(*b) }

func identity(p *int) *int { return p }

func first(s []*byte) { lastContent = s[0] }

func deref(pp **int) *int { return *pp }

func main() {
	x := []byte("kept")
	remember(&x)
	y := []byte("read")
	_ = count(&y)
	i := 1
	_ = identity(&i)
	c := byte('c')
	first([]*byte{&c})
	j := 2
	pj := &j
	_ = deref(&pj)
}
