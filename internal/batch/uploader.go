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

// take waits for a ready batch and marks it held by slot; nil means the
// uploader must end.
func (e *Engine) take(slot int) *batch {
	e.mu.Lock()
	defer e.mu.Unlock()
	for e.ready.len() == 0 {
		if e.closed {
			e.uploaders--
			if e.uploaders == 0 {
				close(e.drained)
			}
			return nil
		}
		e.work.Wait()
	}
	b := e.ready.pop()
	e.busy[slot] = b
	e.counts.inFlight += int64(len(b.items))
	return b
}

// finish records the outcome of every item of b: it frees their memory and
// counts them first, so a waiting Enqueue can go on while OnFailure runs, then
// reports the failures, then lets Flush calls see the items as done.
func (e *Engine) finish(slot int, b *batch, failures []Failure) {
	n := int64(len(b.items))
	e.mu.Lock()
	e.counts.queuedItems -= n
	e.counts.queuedBytes -= b.cost
	e.counts.inFlight -= n
	e.counts.failed += int64(len(failures))
	e.counts.delivered += n - int64(len(failures))
	e.wakeRoom()
	e.mu.Unlock()

	if len(failures) > 0 {
		e.report(failures)
	}

	e.mu.Lock()
	e.busy[slot] = nil
	if len(e.flushers) > 0 {
		e.releaseFlushers()
	}
	e.mu.Unlock()
	e.recycle(b)
}
