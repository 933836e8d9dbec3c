package batch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocustomerio/customerio/internal/spool"
)

// Engine queues encoded items and sends them in batches from background
// uploaders. It is safe for concurrent use. Close must be called to stop its
// goroutines and to give every queued item an outcome.
type Engine struct {
	cfg Config
	// maxItem is the longest item that fits a batch alone.
	maxItem int

	// sendCtx is given to every Send and backoff wait; abort ends it when Close
	// stops waiting, its cause wrapping ErrClosed.
	sendCtx context.Context
	abort   context.CancelCauseFunc

	armTimer  chan struct{} // a batch got its first item (capacity 1)
	stopTimer chan struct{} // closed by Close
	timerDone chan struct{} // closed when the flush timer goroutine ends
	drained   chan struct{} // closed when the last uploader ends
	closeDone chan struct{} // closed when Close returns

	// adaptive is true unless Config.Uploaders fixed the window; maxInFlight is
	// the number of uploader goroutines and the window's ceiling.
	adaptive    bool
	maxInFlight int
	// idleSeal is the size at which the pending batch leaves early when an
	// uploader would otherwise sit idle.
	idleSeal int
	// failLog receives failures when there is no OnFailure: Config.Logger, or
	// slog.Default() at the time of logging when it was nil.
	failLog *slog.Logger

	// reportMu serialises OnFailure calls; it is never held with mu.
	reportMu sync.Mutex
	// free holds emptied batches for reuse, so that steady sending allocates
	// nothing per batch.
	free sync.Pool

	// undelivered and firstCause, kept under reportMu, are what Close reports
	// without an OnFailure.
	undelivered int64
	firstCause  error

	// sent, retried and splits count Send calls; see Stats.
	sent, retried, splits atomic.Int64

	mu sync.Mutex
	// work wakes uploaders when a batch is sealed or Close begins.
	work       sync.Cond
	closed     bool
	pending    *batch    // the batch being filled
	pendingDue time.Time // when pending must be sent
	ready      batchQueue
	busy       []*batch // the batch each uploader holds, or nil
	uploaders  int      // uploader goroutines still running
	// active counts the uploaders holding a batch; take lets one more start
	// only below window (MaxInFlight once Close has begun).
	active int
	window int
	// epoch counts the window's cuts, so that the failures of one flight of
	// requests halve it once, not once each.
	epoch uint64
	// closeBy is Close's ctx deadline, zero when it has none or Close has not
	// begun: while closing, retries go on until then.
	closeBy time.Time
	// room is closed when memory frees up; nil when no Enqueue waits for it.
	room     chan struct{}
	flushers []flushWaiter
	nextSeq  uint64
	counts   counts
	// items holds the queued items' bytes, copied in the order they are
	// placed, which is about the order they leave in.
	items Slab

	// spool keeps every accepted item on disk until it has its outcome; nil
	// without Config.SpoolDir. appending counts the Enqueue calls between
	// taking room and placing their item, waiting for their spool commit:
	// uploaders do not end while there are any.
	spool     *spool.Spool
	appending int
}

// flushWaiter is a Flush waiting for every item below upTo to have an outcome.
type flushWaiter struct {
	upTo uint64
	done chan struct{}
}

// New checks cfg, fills in its defaults and starts the engine's goroutines: the
// uploaders and one flush timer.
func New(cfg Config) (*Engine, error) {
	failLog := cfg.Logger
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	adaptive := cfg.Uploaders == 0
	maxInFlight, window := cfg.Uploaders, cfg.Uploaders
	if adaptive {
		maxInFlight = cfg.MaxInFlight
		if maxInFlight == 0 {
			maxInFlight = DefaultMaxInFlight
		}
		window = min(InitialWindow, maxInFlight)
	}
	e := &Engine{
		failLog:     failLog,
		adaptive:    adaptive,
		maxInFlight: maxInFlight,
		window:      window,
		idleSeal:    cfg.MaxBatchBytes / 8,
		cfg:         cfg,
		maxItem:     cfg.MaxBatchBytes - cfg.EnvelopeBytes,
		armTimer:    make(chan struct{}, 1),
		stopTimer:   make(chan struct{}),
		timerDone:   make(chan struct{}),
		drained:     make(chan struct{}),
		closeDone:   make(chan struct{}),
		busy:        make([]*batch, maxInFlight),
		uploaders:   maxInFlight,
	}
	e.sendCtx, e.abort = context.WithCancelCause(context.Background())
	e.work.L = &e.mu
	e.pending = e.newBatch()
	if cfg.SpoolDir != "" {
		if err := e.openSpool(); err != nil {
			return nil, err
		}
	}
	go e.runTimer()
	for slot := range maxInFlight {
		go e.upload(slot)
	}
	return e, nil
}

// Enqueue takes a copy of item, already encoded, for a later batch: the caller
// may reuse item's buffer once Enqueue returns. It never does network I/O.
// It returns ErrItemTooLarge or ErrEmptyItem for an item no batch can carry,
// ErrClosed once Close has begun, and, when the queue is full, ErrQueueFull
// under the Drop policy or ctx.Err() if ctx ends first under Block. An item
// Enqueue accepted gets exactly one outcome: delivered, or passed to OnFailure.
func (e *Engine) Enqueue(ctx context.Context, item []byte) error {
	n := len(item)
	if n == 0 {
		return ErrEmptyItem
	}
	if n > e.maxItem {
		return fmt.Errorf("%w: %d bytes, at most %d fit", ErrItemTooLarge, n, e.maxItem)
	}
	if e.spool != nil {
		return e.enqueueSpooled(ctx, item)
	}
	cost := int64(n) + ItemOverhead
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
	e.place(item)
	e.mu.Unlock()
	return nil
}

// place adds a copy of item to the pending batch, sealing batches as they
// fill, and returns that batch. Its memory must already be counted in
// queuedBytes. Called with mu held.
func (e *Engine) place(item []byte) *batch {
	item = e.items.Copy(item)
	n := len(item)
	p := e.pending
	if len(p.items) > 0 && p.size+1+n > e.cfg.MaxBatchBytes {
		e.seal()
		p = e.pending
	}
	if len(p.items) == 0 {
		e.pendingDue = time.Now().Add(e.cfg.FlushInterval)
		select {
		case e.armTimer <- struct{}{}:
		default:
		}
	}
	p.add(e.nextSeq, item, e.cfg.EnvelopeBytes)
	e.nextSeq++
	e.counts.enqueued++
	e.counts.queuedItems++
	// Seal as soon as not even a one-byte item could join, or, when an
	// uploader would otherwise sit idle, once the batch is worth a request.
	if len(p.items) >= e.cfg.MaxItems || p.size+2 > e.cfg.MaxBatchBytes ||
		(e.adaptive && p.size >= e.idleSeal && e.ready.len() == 0 && e.active < e.window) {
		e.seal()
	}
	return p
}

// waitForRoom applies the OnFull policy until cost fits in the queue, checking
// again after every wait that Close has not begun. It is called and returns
// with mu held; on error nothing was queued.
func (e *Engine) waitForRoom(ctx context.Context, cost int64) error {
	for {
		if e.closed {
			return ErrClosed
		}
		if e.counts.queuedBytes+cost <= e.cfg.MaxQueueBytes {
			return nil
		}
		// Nothing else may be left to send: let the partial batch go now rather
		// than at its flush time.
		if e.ready.len() == 0 && len(e.pending.items) > 0 {
			e.seal()
		}
		if e.cfg.OnFull == Drop {
			e.counts.dropped++
			return ErrQueueFull
		}
		if e.room == nil {
			e.room = make(chan struct{})
		}
		room := e.room
		e.mu.Unlock()
		select {
		case <-room:
			e.mu.Lock()
		case <-ctx.Done():
			e.mu.Lock()
			return ctx.Err()
		}
	}
}

// Flush sends the partial batch at once and returns when every item enqueued
// before the call has an outcome (delivered, or reported to OnFailure and
// returned from it), or ctx.Err() when ctx ends first. Items still being
// retried are waited for.
func (e *Engine) Flush(ctx context.Context) error {
	e.mu.Lock()
	upTo := e.nextSeq
	if e.lowWater() >= upTo {
		e.mu.Unlock()
		return nil
	}
	if len(e.pending.items) > 0 {
		e.seal()
	}
	w := flushWaiter{upTo: upTo, done: make(chan struct{})}
	e.flushers = append(e.flushers, w)
	e.mu.Unlock()
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		e.mu.Lock()
		defer e.mu.Unlock()
		for i := range e.flushers {
			if e.flushers[i].done == w.done {
				e.flushers = append(e.flushers[:i], e.flushers[i+1:]...)
				return ctx.Err()
			}
		}
		return nil // released while ctx ended: the items did get their outcomes
	}
}

// Close stops intake (Enqueue returns ErrClosed from now on), sends everything
// queued at once, and waits until every item has an outcome, retries included;
// then it returns nil. If ctx ends first, Close cancels the Send calls in
// progress and any backoff wait, reports every item still without an outcome to
// OnFailure with an error wrapping both ErrClosed and ctx's error (with a spool,
// it leaves them in the spool for the next engine instead, counted in
// Stats.Spooled), and returns ctx.Err(). Either way no goroutine of the engine is left when Close returns,
// and no OnFailure call is made after. A later Close waits for the first to
// finish and returns nil, or returns ctx.Err() if its own ctx ends first.
func (e *Engine) Close(ctx context.Context) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		select {
		case <-e.closeDone:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	e.closed = true
	e.window = e.maxInFlight
	e.epoch++
	if d, ok := ctx.Deadline(); ok {
		e.closeBy = d
	}
	if len(e.pending.items) > 0 {
		e.seal()
	}
	e.work.Broadcast()
	e.wakeRoom()
	e.mu.Unlock()
	if e.spool != nil {
		e.spool.Interrupt()
	}
	close(e.stopTimer)
	<-e.timerDone

	var err error
	select {
	case <-e.drained:
	case <-ctx.Done():
		select {
		case <-e.drained:
		default:
			err = ctx.Err()
			e.abort(fmt.Errorf("%w: %w", ErrClosed, err))
			<-e.drained
		}
	}
	e.abort(ErrClosed)
	if e.spool != nil {
		if serr := e.spool.Close(); serr != nil {
			err = errors.Join(err, serr)
		}
	}
	close(e.closeDone)
	s := e.Stats()
	if s.Spooled > 0 {
		e.cfg.Logger.Warn("customerio batch: closed before every item was delivered; they stay in the spool for the next start",
			"spooled", s.Spooled, "dir", e.cfg.SpoolDir)
	}
	e.cfg.Logger.Debug("customerio batch: closed",
		"delivered", s.Delivered, "failed", s.Failed, "batches_sent", s.BatchesSent)
	if u := e.undeliveredError(s.Enqueued); u != nil {
		if err != nil {
			return errors.Join(err, u)
		}
		return u
	}
	return err
}

// undeliveredError is what Close reports when failures had no OnFailure to go
// to: how many accepted items failed, and the first cause. Nil with an
// OnFailure, or when every item was delivered.
func (e *Engine) undeliveredError(enqueued int64) error {
	e.reportMu.Lock()
	defer e.reportMu.Unlock()
	if e.cfg.OnFailure != nil || e.undelivered == 0 {
		return nil
	}
	return fmt.Errorf("%w: %d of %d accepted items failed; first cause: %w",
		ErrUndelivered, e.undelivered, enqueued, e.firstCause)
}

// seal moves the pending batch to the ready queue and wakes an uploader. It is
// called with mu held and pending not empty.
func (e *Engine) seal() {
	e.ready.push(e.pending)
	e.pending = e.newBatch()
	e.work.Signal()
}

// newBatch returns an empty batch, reused when one is free.
func (e *Engine) newBatch() *batch {
	if b, ok := e.free.Get().(*batch); ok {
		return b
	}
	c := min(e.cfg.MaxItems, 1024)
	return &batch{seqs: make([]uint64, 0, c), items: make([][]byte, 0, c)}
}

// recycle empties b and keeps it for reuse.
func (e *Engine) recycle(b *batch) {
	b.reset()
	e.free.Put(b)
}

// wakeRoom wakes every Enqueue waiting for room. Called with mu held.
func (e *Engine) wakeRoom() {
	if e.room != nil {
		close(e.room)
		e.room = nil
	}
}

// lowWater is the lowest sequence number without an outcome, or nextSeq when
// every item has one. Called with mu held.
func (e *Engine) lowWater() uint64 {
	low := e.nextSeq
	if len(e.pending.items) > 0 {
		low = e.pending.seqs[0]
	}
	if e.ready.len() > 0 {
		low = min(low, e.ready.peek().seqs[0])
	}
	for _, b := range e.busy {
		if b != nil {
			low = min(low, b.seqs[0])
		}
	}
	return low
}

// releaseFlushers ends the Flush calls whose items all have an outcome. Called
// with mu held.
func (e *Engine) releaseFlushers() {
	low := e.lowWater()
	kept := e.flushers[:0]
	for _, w := range e.flushers {
		if w.upTo <= low {
			close(w.done)
		} else {
			kept = append(kept, w)
		}
	}
	clear(e.flushers[len(kept):])
	e.flushers = kept
}
