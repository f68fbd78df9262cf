// Method wrappers gc makes for types it reads with type arguments: the
// instances of generic types (their promoted methods and, for value
// methods, (*T).M), the shape types of their type arguments, and the
// anonymous structs with embedded fields the package's code names.
package main

import (
	"reflect"
	"sync"
)

var registry sync.Map // HashTrieMap[any, any]: entry, indirect and their shapes

var cache struct {
	sync.Mutex
	dir string
}

type base[T any] struct{ v T }

func (b base[T]) Get() T { return b.v }

func (b *base[T]) Set(v T) { b.v = v }

type box[T any] struct {
	base[T]
	n int
}

type plain struct{ x int }

func (plain) V() int { return 1 }

func lookup(k string) any {
	v, _ := registry.Load(k)
	return v
}

func valid(v reflect.Value) bool { return v.IsValid() } // iter.Seq[reflect.Value]'s shape

func dir() string {
	cache.Lock()
	defer cache.Unlock()
	return cache.dir
}

func boxed(n int) int {
	var b box[int]
	b.Set(n)
	var local struct {
		plain
		k int
	}
	return b.Get() + local.V()
}

func main() {
	_ = lookup("a")
	_ = valid(reflect.Value{})
	_ = dir()
	_ = boxed(1)
}
