package batch

import (
	"context"
	"errors"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/spool"
)

// DefaultSpoolFactor is how many times MaxQueueBytes the spool may use on disk
// when MaxSpoolBytes is zero: its segments also hold the records of delivered
// items until every item of a segment has its outcome.
const DefaultSpoolFactor = 4

// openSpool opens the spool directory and queues what an earlier process left
// in it, before anything new and before the uploaders start; the damaged
// records it skipped are reported as failed. Called from New only.
func (e *Engine) openSpool() error {
	sp, items, damaged, err := spool.Open(spool.Options{
		Dir:       e.cfg.SpoolDir,
		MaxBytes:  e.cfg.MaxSpoolBytes,
		EveryItem: e.cfg.SpoolSync == customerio.SpoolSyncEveryItem,
		Logger:    e.cfg.Logger,
	})
	if err != nil {
		return err
	}
	e.spool = sp
	for _, it := range items {
		// Counted against MaxQueueBytes, even beyond it: they were accepted
		// already, by the process that spooled them.
		e.counts.queuedBytes += int64(len(it.Data)) + ItemOverhead
		p := e.place(it.Data)
		p.sids = append(p.sids, it.ID)
	}
	if len(damaged) > 0 {
		failures := make([]Failure, len(damaged))
		for i, d := range damaged {
			failures[i] = Failure{Seq: e.nextSeq, Data: d.Data, Err: d.Err}
			e.nextSeq++
		}
		e.counts.enqueued += int64(len(failures))
		e.counts.failed += int64(len(failures))
		e.report(failures)
	}
	return nil
}

// enqueueSpooled is Enqueue with a spool: it takes room in memory, waits for
// the item to be on disk, then queues it. The item's memory is counted while
// it waits, so that the queue never holds more than MaxQueueBytes beyond
// what was replayed; Close lets the uploaders end only once every such
// Enqueue has placed its item or given up.
func (e *Engine) enqueueSpooled(ctx context.Context, item []byte) error {
	cost := int64(len(item)) + ItemOverhead
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return ErrClosed
	}
	if e.counts.queuedBytes+cost > e.cfg.MaxQueueBytes {
		if err := e.waitForRoom(ctx, cost); err != nil {
			e.mu.Unlock()
			return err
		}
	}
	e.counts.queuedBytes += cost
	e.appending++
	e.mu.Unlock()

	sid, err := e.spool.Append(ctx, item, e.cfg.OnFull == Block, e.hurry)

	e.mu.Lock()
	e.appending--
	if err != nil {
		e.counts.queuedBytes -= cost
		if errors.Is(err, ErrQueueFull) {
			e.counts.dropped++
		}
		e.wakeRoom()
	} else {
		p := e.place(item)
		p.sids = append(p.sids, sid)
	}
	if e.closed && e.appending == 0 {
		// Close sealed what was pending when it began; this is the rest, and
		// the uploaders waiting for it may now end.
		if len(e.pending.items) > 0 {
			e.seal()
		}
		e.work.Broadcast()
	}
	e.mu.Unlock()
	return err
}

// hurry sends the partial batch at once when nothing else is waiting to be
// sent: the spool is full, and only outcomes make room on disk.
func (e *Engine) hurry() {
	e.mu.Lock()
	if e.ready.len() == 0 && len(e.pending.items) > 0 {
		e.seal()
	}
	e.mu.Unlock()
}

// keepSpooled splits off, with a spool, the failures of items Close gave up on
// because its context ended: they have no outcome yet, so they stay in the
// spool for the next process to deliver instead of going to OnFailure. It
// returns the failures to report and the sequence numbers kept.
func (e *Engine) keepSpooled(b *batch, failures []Failure) ([]Failure, map[uint64]bool) {
	if e.spool == nil || len(failures) == 0 {
		return failures, nil
	}
	var kept map[uint64]bool
	report := failures[:0:0]
	for _, f := range failures {
		if errors.Is(f.Err, ErrClosed) {
			if kept == nil {
				kept = make(map[uint64]bool, len(failures))
			}
			kept[f.Seq] = true
			continue
		}
		report = append(report, f)
	}
	if kept == nil {
		return failures, nil
	}
	return report, kept
}

// ackable is the spool ids of b's items, but those kept.
func ackable(b *batch, kept map[uint64]bool) []uint64 {
	if len(kept) == 0 {
		return b.sids
	}
	ids := make([]uint64, 0, len(b.sids))
	for i, sid := range b.sids {
		if !kept[b.seqs[i]] {
			ids = append(ids, sid)
		}
	}
	return ids
}
