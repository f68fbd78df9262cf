module constcases

go 1.27
