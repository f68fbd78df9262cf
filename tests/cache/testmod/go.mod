module example.com/cachetest

go 1.24
