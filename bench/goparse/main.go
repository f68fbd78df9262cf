// Command goparse is the go/parser side of goescape's parse benchmark: it
// parses every file named in a list file (one path per line) with go/parser,
// keeping comments and skipping object resolution as goescape does, and prints
// "files bytes seconds errors".
package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goparse LISTFILE")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	files := strings.Fields(string(data))
	start := time.Now()
	var bytes int64
	errs := 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		bytes += int64(len(src))
		fset := token.NewFileSet()
		if _, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution); err != nil {
			errs++
		}
	}
	fmt.Printf("%d %d %.3f %d\n", len(files), bytes, time.Since(start).Seconds(), errs)
}
