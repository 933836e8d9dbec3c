package batch

import customerio "github.com/gocustomerio/customerio"

// Stats is a snapshot of an engine's counters, under the names the public
// queues return. At any snapshot Enqueued == Delivered + Failed + Spooled +
// Queued; after Close, Queued is 0. Failed items are counted just before OnFailure
// receives them (or they are logged, without OnFailure), and BatchesSent
// counts the calls to Send.
type Stats = customerio.QueueStats

// counts are the Stats kept under the engine's lock.
type counts struct {
	enqueued, delivered, failed, dropped int64
	spooled                              int64
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
		Spooled:     c.spooled,
		BatchesSent: e.sent.Load(),
		Retried:     e.retried.Load(),
		Splits:      e.splits.Load(),
		Queued:      c.queuedItems,
		QueuedBytes: c.queuedBytes,
		InFlight:    c.inFlight,
	}
}
