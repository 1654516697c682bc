package batching

// defaultBatchSize is what the bulk API accepts per request.
const defaultBatchSize = 100

// pageStep was meant to be "one page at a time"; someone wrote the zero-based index instead.
const pageStep = firstPage

const firstPage = iota
