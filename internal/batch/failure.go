package batch

import (
	"context"
	"log/slog"

	customerio "github.com/gocustomerio/customerio"
)

// Failure is customerio.Failure, an item that will not be delivered: its Seq
// is the engine's enqueue sequence number, its Data the bytes as enqueued.
// Being the same type, a public QueueConfig.OnFailure is the engine's
// Config.OnFailure as it is.
type Failure = customerio.Failure

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
