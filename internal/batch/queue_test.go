package batch

import "testing"

func TestBatchQueueIsFIFO(t *testing.T) {
	var q batchQueue
	next, want := 0, 0
	push := func(n int) {
		for range n {
			q.push(&batch{seqs: []uint64{uint64(next)}})
			next++
		}
	}
	pop := func(n int) {
		for range n {
			if got := q.pop().seqs[0]; got != uint64(want) {
				t.Fatalf("pop = %d; want %d", got, want)
			}
			want++
		}
	}
	// Interleave so the queue compacts while it is never empty.
	longest := 0
	for range 50 {
		push(7)
		longest = max(longest, q.len())
		pop(5)
		if q.len() != next-want || q.peek().seqs[0] != uint64(want) {
			t.Fatalf("len = %d, head %d; want %d, %d", q.len(), q.peek().seqs[0], next-want, want)
		}
	}
	pop(next - want)
	if q.len() != 0 || cap(q.list) > 4*longest {
		t.Fatalf("len = %d, cap = %d after draining a queue at most %d long", q.len(), cap(q.list), longest)
	}
}
