module goescape.test/diffcmp

go 1.27
