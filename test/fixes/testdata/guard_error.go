package fixes

import "os"

type Page struct{ Rows []string }

func readPages(path string, pageSize int) ([]Page, int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	var pages []Page
	for off := 0; off < len(data); off += pageSize {
		pages = append(pages, Page{})
	}
	return pages, len(data), nil
}
