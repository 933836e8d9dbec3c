package batch

// slabChunk is the size of the chunks a Slab cuts items from; an item longer
// than a quarter of it gets a slice of its own.
const slabChunk = 32 << 10

// Slab copies items into slices cut from larger chunks, so that queueing an
// item costs an allocation per hundred or so items rather than one each. A
// chunk stays in memory while any item cut from it does. The engine's one
// Slab is filled in queue order and items leave about in that order, so the
// chunks kept beyond the queued bytes are the few that straddle the batches
// in flight; a failure's Data is a copy of its own (see failRange), so that a
// caller keeping failures keeps no chunk. A Slab is not safe for concurrent
// use.
type Slab struct {
	chunk []byte
}

// Copy returns a copy of item that nothing else refers to: its capacity ends
// with it, so an append to it cannot reach the next item.
func (s *Slab) Copy(item []byte) []byte {
	n := len(item)
	if n > slabChunk/4 {
		return append(make([]byte, 0, n), item...)
	}
	if cap(s.chunk)-len(s.chunk) < n {
		s.chunk = make([]byte, 0, slabChunk)
	}
	start := len(s.chunk)
	s.chunk = append(s.chunk, item...)
	return s.chunk[start:len(s.chunk):len(s.chunk)]
}
