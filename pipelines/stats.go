package pipelines

import customerio "github.com/gocustomerio/customerio"

// Stats returns a snapshot of the client's queue counters: Enqueued counts the
// messages the queueing calls accepted, Delivered those of batches Data
// Pipelines accepted (or, with WithDryRun, that would have been sent), Failed
// those reported to QueueConfig.OnFailure (or logged), and Dropped the calls
// refused with customerio.ErrQueueFull. At any snapshot
// Enqueued == Delivered + Failed + Spooled + Queued; after Close, Queued is 0.
func (c *Client) Stats() customerio.QueueStats { return c.engine.Stats() }
