// Command gotypes is the go/types side of goescape's type-checking benchmark:
// it type-checks the packages named on the command line and all their
// dependencies from source (importer "source"), and prints
// "packages seconds errors".
package main

import (
	"fmt"
	"go/build"
	"go/importer"
	"go/token"
	"go/types"
	"os"
	"time"
)

func main() {
	start := time.Now()
	fset := token.NewFileSet()
	// goescape selects files as with CGO_ENABLED=0; so does this side.
	build.Default.CgoEnabled = false
	imp := importer.ForCompiler(fset, "source", nil).(types.ImporterFrom)
	errs := 0
	for _, path := range os.Args[1:] {
		if _, err := imp.ImportFrom(path, "", 0); err != nil {
			errs++
			fmt.Fprintln(os.Stderr, err)
		}
	}
	fmt.Printf("%d %.3f %d\n", len(os.Args)-1, time.Since(start).Seconds(), errs)
}
