package batch

import (
	"context"
	"log/slog"
)

// Failure is an item that will not be delivered: Customer.io refused it, its
// batch failed for good, or Close gave up on it.
type Failure struct {
	// Seq is the item's enqueue sequence number: 0 for the engine's first
	// accepted item, then one more for each.
	Seq uint64
	// Data is the item's bytes as enqueued, so they can be stored and replayed.
	Data []byte
	// Err says why.
	Err error
}

// report passes failures to OnFailure, one call at a time, or, when there is
// no OnFailure, logs them at error level and keeps their count and the first
// cause for Close. It is called without mu held.
func (e *Engine) report(failures []Failure) {
	e.reportMu.Lock()
	defer e.reportMu.Unlock()
	if e.cfg.OnFailure != nil {
		e.cfg.OnFailure(failures)
		return
	}
	if e.undelivered == 0 {
		e.firstCause = failures[0].Err
	}
	e.undelivered += int64(len(failures))
	log := e.failLog
	if log == nil {
		log = slog.Default()
	}
	log.LogAttrs(context.Background(), slog.LevelError, "customerio batch: items failed",
		slog.Int("items", len(failures)), slog.String("error", failures[0].Err.Error()))
}
