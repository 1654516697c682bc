module example.com/batching

go 1.19
