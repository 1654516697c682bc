module example.com/stringer

go 1.19
