package batch

// upload is one uploader: it sends ready batches until Close has begun and the
// queue is empty.
func (e *Engine) upload(slot int) {
	for {
		b := e.take(slot)
		if b == nil {
			return
		}
		failures := e.deliver(b, 0, len(b.items), nil)
		e.finish(slot, b, failures)
	}
}

// take waits for a ready batch and a place in the window, and marks the batch
// held by slot; nil means the uploader must end.
func (e *Engine) take(slot int) *batch {
	e.mu.Lock()
	defer e.mu.Unlock()
	for e.ready.len() == 0 || e.active >= e.limit() {
		if e.closed && e.ready.len() == 0 && e.appending == 0 {
			e.uploaders--
			if e.uploaders == 0 {
				close(e.drained)
			}
			// Uploaders that waited for a place in the window may be asleep
			// with nothing left to send: wake them all to end too.
			e.work.Broadcast()
			return nil
		}
		e.work.Wait()
	}
	b := e.ready.pop()
	e.busy[slot] = b
	e.active++
	if e.ready.len() > 0 && e.active < e.limit() {
		// Pass the wake-up on: one Signal per seal may have met an uploader
		// that could not start.
		e.work.Signal()
	}
	e.counts.inFlight += int64(len(b.items))
	return b
}

// finish records the outcome of every item of b: it frees their memory and
// counts them first, so a waiting Enqueue can go on while OnFailure runs, then
// reports the failures, then lets Flush calls see the items as done.
func (e *Engine) finish(slot int, b *batch, failures []Failure) {
	n := int64(len(b.items))
	failures, kept := e.keepSpooled(b, failures)
	e.mu.Lock()
	e.counts.queuedItems -= n
	e.counts.queuedBytes -= b.cost
	e.counts.inFlight -= n
	e.counts.failed += int64(len(failures))
	e.counts.spooled += int64(len(kept))
	e.counts.delivered += n - int64(len(failures)) - int64(len(kept))
	e.wakeRoom()
	e.mu.Unlock()

	if len(failures) > 0 {
		e.report(failures)
	}
	if e.spool != nil {
		// Every item of b has its outcome now, OnFailure having returned,
		// except those kept for the next process.
		e.spool.Ack(ackable(b, kept))
	}

	e.mu.Lock()
	e.busy[slot] = nil
	e.active--
	switch {
	case e.ready.len() > 0:
		e.work.Signal()
	case e.closed:
		// Nothing is left to take: the uploaders waiting for a place in the
		// window must wake to see it and end, or Close would wait for ever.
		e.work.Broadcast()
	}
	if len(e.flushers) > 0 {
		e.releaseFlushers()
	}
	e.mu.Unlock()
	e.recycle(b)
}

// limit is how many batches may be sent at once now: the window. Close
// opens it to MaxInFlight, so that draining is not slowed by a window an
// earlier outage shrank; failures during the drain halve it again, so that a
// server that cannot keep up is not buried in timed-out requests. Called with
// mu held.
func (e *Engine) limit() int { return e.window }

// grow widens the adaptive window by one after a batch succeeded while sealed
// batches wait: more requests at once would have hidden more of the round
// trip. Called without mu held.
func (e *Engine) grow() {
	if !e.adaptive {
		return
	}
	e.mu.Lock()
	if e.ready.len() > 0 && e.window < e.maxInFlight {
		e.window++
		e.work.Signal()
	}
	e.mu.Unlock()
}

// flight returns the window's epoch, to be passed to shrink after a failure of
// a Send started now.
func (e *Engine) flight() uint64 {
	if !e.adaptive {
		return 0
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.epoch
}

// shrink halves the adaptive window (at least 1) after a Send started in epoch
// failed in a way that says the server or the path is struggling. Requests
// sent before the last cut do not cut again: one flight's failures halve the
// window once.
func (e *Engine) shrink(epoch uint64) {
	if !e.adaptive {
		return
	}
	e.mu.Lock()
	if e.epoch == epoch {
		e.epoch++
		e.window = max(1, e.window/2)
	}
	e.mu.Unlock()
}
