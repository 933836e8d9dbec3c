package trackv2

import customerio "github.com/gocustomerio/customerio"

// Stats returns a snapshot of the Batcher's counters. Enqueued counts the ops
// Enqueue and EnqueueRaw accepted; BatchesSent counts batch requests, the
// Batcher's own retries and the halves of split batches included, but not the
// attempts the client's retry strategy repeats inside one request.
func (b *Batcher) Stats() customerio.QueueStats { return b.engine.Stats() }
