module goescape/oracle/astdump

go 1.27
