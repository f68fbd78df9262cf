module goescape/bench/gotypes

go 1.27
