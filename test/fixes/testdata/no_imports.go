package fixes

func chunks(data []byte, size int) ([][]byte, error) {
	var out [][]byte
	for start := 0; start < len(data); start += size {
		out = append(out, data[start:min(start+size, len(data))])
	}
	return out, nil
}
