module goescape/bench/goparse

go 1.27
