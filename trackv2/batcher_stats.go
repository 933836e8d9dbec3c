package trackv2

// BatcherStats is a snapshot of a Batcher's counters. At any snapshot
// Enqueued == Delivered + Failed + QueuedOps; after Close, QueuedOps is 0.
type BatcherStats struct {
	// Enqueued counts the ops Enqueue and EnqueueRaw accepted.
	Enqueued int64
	// Delivered counts the ops Customer.io accepted.
	Delivered int64
	// Failed counts the ops passed to OnFailure (or logged without one).
	Failed int64
	// Dropped counts the Enqueue calls refused with ErrQueueFull.
	Dropped int64

	// BatchesSent counts batch requests: first attempts, the Batcher's own
	// retries and the halves of split batches alike (attempts the client's
	// retry strategy repeats inside one request are not counted).
	BatchesSent int64
	// Retried counts the requests that repeated a batch after a retryable
	// failure; they are included in BatchesSent.
	Retried int64
	// Splits counts the batches split in halves after Customer.io refused the
	// whole request (400 or 413).
	Splits int64

	// QueuedOps is the number of ops accepted and still without an outcome:
	// waiting, being sent or waiting to be retried.
	QueuedOps int64
	// QueuedBytes is the memory they count against MaxQueueBytes.
	QueuedBytes int64
	// InFlight is the part of QueuedOps being sent or waiting to be retried.
	InFlight int64
}

// Stats returns a snapshot of the Batcher's counters.
func (b *Batcher) Stats() BatcherStats {
	s := b.engine.Stats()
	return BatcherStats{
		Enqueued:    s.Enqueued,
		Delivered:   s.Delivered,
		Failed:      s.Failed,
		Dropped:     s.Dropped,
		BatchesSent: s.BatchesSent,
		Retried:     s.Retried,
		Splits:      s.Splits,
		QueuedOps:   s.QueuedItems,
		QueuedBytes: s.QueuedBytes,
		InFlight:    s.InFlight,
	}
}
