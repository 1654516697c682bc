// Package batching splits work into batches for a bulk API. Batch sizes come from callers and
// configuration; a size of 0 turns the loop in Chunk into one that never ends while it appends.
package batching

// Chunk splits ids into batches of at most size ids each.
func Chunk(ids []string, size int) [][]string {
	var batches [][]string
	for start := 0; start < len(ids); start += size {
		end := start + size
		if end > len(ids) {
			end = len(ids)
		}
		batches = append(batches, ids[start:end])
	}
	return batches
}

// ChunkOrDefault is Chunk with the guard it needs: a size below 1 falls back to the default.
func ChunkOrDefault(ids []string, size int) [][]string {
	if size < 1 {
		size = defaultBatchSize
	}
	var batches [][]string
	for start := 0; start < len(ids); start += size {
		end := start + size
		if end > len(ids) {
			end = len(ids)
		}
		batches = append(batches, ids[start:end])
	}
	return batches
}

// Pages requests every page of a listing, pageStep pages at a time.
func Pages(total int, fetch func(page int) []string) []string {
	var all []string
	for page := 0; page < total; page += pageStep {
		all = append(all, fetch(page)...)
	}
	return all
}
