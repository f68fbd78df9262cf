module typesdump

go 1.27
