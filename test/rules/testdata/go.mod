module fixtures

go 1.23
