module goescape.test/errorcheck

go 1.27
