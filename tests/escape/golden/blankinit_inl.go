// A package-level initialisation laid out statically leaves no code in
// init, but gc's reader has read its types: here the blank variable's
// log.Logger brings its field of type atomic.Pointer[string], whose
// methods (shaped, and their dictionary wrappers) are compiled and
// inlined in this package.
package main

import "log"

type Printer interface{ Print(...any) }

var _ Printer = &log.Logger{}

func main() {}
