package fixes

type Demo struct {
	ItemID string
	Frames []byte
}

func getInterval() int { return 0 }

func handler(items []string) []Demo {
	interval := getInterval()
	var demos []Demo
	for i := 0; i < len(items); i += interval {
		demos = append(demos, Demo{ItemID: items[i]})
	}
	return demos
}
