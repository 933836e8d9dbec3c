package pipelines

// Stats is a snapshot of a client's queue counters. At any snapshot
// Enqueued == Delivered + Failed + QueuedItems; after Close, QueuedItems is 0.
type Stats struct {
	// Enqueued counts the messages the queueing calls accepted.
	Enqueued int64
	// Delivered counts the messages of batches Data Pipelines accepted (or, with
	// WithDryRun, that would have been sent).
	Delivered int64
	// Failed counts the messages reported to WithOnFailure (or logged).
	Failed int64
	// Dropped counts the calls refused with ErrQueueFull.
	Dropped int64

	// BatchesSent counts batch requests: first attempts, retries and the
	// halves of split batches alike.
	BatchesSent int64
	// Retried counts the batch requests that repeated a batch after a
	// retryable failure; they are included in BatchesSent.
	Retried int64
	// Splits counts the batches split in halves after a refusal of the whole
	// request (HTTP 400 or 413).
	Splits int64

	// QueuedItems is the number of messages accepted and still without an
	// outcome: waiting, being sent or waiting to be retried.
	QueuedItems int64
	// QueuedBytes is the memory they count against WithMaxQueueBytes.
	QueuedBytes int64
	// InFlight is the part of QueuedItems being sent or waiting to be retried.
	InFlight int64
}

// Stats returns a snapshot of the client's queue counters.
func (c *Client) Stats() Stats {
	s := c.engine.Stats()
	return Stats{
		Enqueued:    s.Enqueued,
		Delivered:   s.Delivered,
		Failed:      s.Failed,
		Dropped:     s.Dropped,
		BatchesSent: s.BatchesSent,
		Retried:     s.Retried,
		Splits:      s.Splits,
		QueuedItems: s.QueuedItems,
		QueuedBytes: s.QueuedBytes,
		InFlight:    s.InFlight,
	}
}
