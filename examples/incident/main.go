// The service behind the incident: POST /demos builds demo records for a batch of items.
// In production SAMPLE_INTERVAL was unset, getInterval returned 0, the loop in handler never
// advanced, and append grew demos until the container's 1 GiB limit: the kernel's OOM killer
// ended the process with a bare "killed" (exit 137) and no Go stack trace.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"
)

type Item struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type Demo struct {
	ItemID  string
	Created time.Time
	Frames  []byte
}

type Output struct {
	ID    string `json:"id"`
	Demos int    `json:"demos"`
}

// getInterval reads how many items to skip between demos; unset or malformed means 0.
func getInterval() int {
	n, err := strconv.Atoi(os.Getenv("SAMPLE_INTERVAL"))
	if err != nil {
		return 0
	}
	return n
}

func newDemo() Demo {
	return Demo{Created: time.Now(), Frames: make([]byte, 0, 4096)}
}

func handler(items []Item) []Output {
	interval := getInterval() // 0 at run time
	var demos []Demo
	for i := 0; i < len(items); i += interval {
		demos = append(demos, newDemo())
	}
	out := make([]Output, 0, len(items))
	for _, it := range items {
		out = append(out, Output{ID: it.ID, Demos: len(demos)})
	}
	return out
}

func serveDemos(w http.ResponseWriter, r *http.Request) {
	var items []Item
	if err := json.NewDecoder(r.Body).Decode(&items); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(handler(items)); err != nil {
		log.Printf("writing response: %v", err)
	}
}

func main() {
	http.HandleFunc("/demos", serveDemos)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
