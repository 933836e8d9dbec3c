package batch

import customerio "github.com/gocustomerio/customerio"

// Stats is a snapshot of an engine's counters. At any snapshot
// Enqueued == Delivered + Failed + QueuedItems; after Close, QueuedItems is 0.
type Stats struct {
	// Enqueued counts the items Enqueue accepted.
	Enqueued int64
	// Delivered counts the items Customer.io accepted.
	Delivered int64
	// Failed counts the items that will not be delivered, those Close gave up
	// on included. They are counted just before OnFailure receives them (or
	// they are logged, without OnFailure).
	Failed int64
	// Dropped counts the Enqueue calls refused with ErrQueueFull.
	Dropped int64

	// BatchesSent counts the calls to Send: first attempts, retries and the
	// halves of split batches alike.
	BatchesSent int64
	// Retried counts the calls to Send that repeated a batch after a retryable
	// failure; they are included in BatchesSent.
	Retried int64
	// Splits counts the batches split in halves after a refusal SplitOn accepted.
	Splits int64

	// QueuedItems is the number of items accepted and still without an outcome:
	// waiting, being sent or waiting to be retried.
	QueuedItems int64
	// QueuedBytes is the memory those items count against MaxQueueBytes: their
	// lengths plus ItemOverhead each.
	QueuedBytes int64
	// InFlight is the part of QueuedItems held by uploaders: being sent or
	// waiting to be retried.
	InFlight int64
}

// QueueStats is s under the public names of customerio.QueueStats, which the
// public queues return; QueuedItems becomes Queued.
func (s Stats) QueueStats() customerio.QueueStats {
	return customerio.QueueStats{
		Enqueued:    s.Enqueued,
		Delivered:   s.Delivered,
		Failed:      s.Failed,
		Dropped:     s.Dropped,
		BatchesSent: s.BatchesSent,
		Retried:     s.Retried,
		Splits:      s.Splits,
		Queued:      s.QueuedItems,
		QueuedBytes: s.QueuedBytes,
		InFlight:    s.InFlight,
	}
}

// counts are the Stats kept under the engine's lock.
type counts struct {
	enqueued, delivered, failed, dropped int64
	queuedItems, queuedBytes, inFlight   int64
}

// Stats returns a snapshot of the engine's counters.
func (e *Engine) Stats() Stats {
	e.mu.Lock()
	c := e.counts
	e.mu.Unlock()
	return Stats{
		Enqueued:    c.enqueued,
		Delivered:   c.delivered,
		Failed:      c.failed,
		Dropped:     c.dropped,
		BatchesSent: e.sent.Load(),
		Retried:     e.retried.Load(),
		Splits:      e.splits.Load(),
		QueuedItems: c.queuedItems,
		QueuedBytes: c.queuedBytes,
		InFlight:    c.inFlight,
	}
}
