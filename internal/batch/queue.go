package batch

// batch is a run of consecutive items, kept as two parallel slices so that Send
// can be handed items (or a sub-slice of it, after a split) without copying.
type batch struct {
	seqs  []uint64
	items [][]byte
	// sids are the items' spool ids, parallel to items; empty without a
	// spool.
	sids []uint64
	// size is the body Send will build: EnvelopeBytes + the items + commas.
	size int
	// cost is what the items count against MaxQueueBytes.
	cost int64
}

// add appends one item, keeping size and cost exact.
func (b *batch) add(seq uint64, item []byte, envelope int) {
	if len(b.items) == 0 {
		b.size = envelope + len(item)
	} else {
		b.size += 1 + len(item)
	}
	b.cost += int64(len(item)) + ItemOverhead
	b.seqs = append(b.seqs, seq)
	b.items = append(b.items, item)
}

// reset empties b for reuse, dropping its references to item bytes.
func (b *batch) reset() {
	clear(b.items)
	b.items = b.items[:0]
	b.seqs = b.seqs[:0]
	b.sids = b.sids[:0]
	b.size = 0
	b.cost = 0
}

// batchQueue is a FIFO of sealed batches waiting for an uploader.
type batchQueue struct {
	list []*batch
	head int
}

func (q *batchQueue) len() int { return len(q.list) - q.head }

func (q *batchQueue) push(b *batch) { q.list = append(q.list, b) }

// peek returns the oldest batch; the queue must not be empty.
func (q *batchQueue) peek() *batch { return q.list[q.head] }

// pop removes the oldest batch; the queue must not be empty. The backing array
// is compacted once half of it is spent, so a queue that never quite empties
// does not grow without end.
func (q *batchQueue) pop() *batch {
	b := q.list[q.head]
	q.list[q.head] = nil
	q.head++
	switch {
	case q.head == len(q.list):
		q.list = q.list[:0]
		q.head = 0
	case q.head*2 >= len(q.list):
		n := copy(q.list, q.list[q.head:])
		clear(q.list[n:])
		q.list = q.list[:n]
		q.head = 0
	}
	return b
}
