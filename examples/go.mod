module goescape.example

go 1.27
