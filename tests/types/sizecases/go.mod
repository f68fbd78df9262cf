module sizecases

go 1.27
