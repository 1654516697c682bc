package fixes

import (
	"fmt"
	"strings"
)

type Config struct{ Name string }
type Count int
type Handler func()

func build(names []string, step int) (Config, Count, *Config, Handler, string, bool, error) {
	var parts []string
	for i := 0; i < len(names); i = i + step {
		parts = append(parts, strings.ToUpper(names[i]))
	}
	fmt.Println(parts)
	return Config{}, 0, nil, nil, "", true, nil
}
