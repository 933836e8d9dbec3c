package batch

import "time"

// runTimer seals the pending batch once FlushInterval has passed since its
// first item arrived.
func (e *Engine) runTimer() {
	defer close(e.timerDone)
	t := time.NewTimer(e.cfg.FlushInterval)
	t.Stop()
	for {
		select {
		case <-e.stopTimer:
			t.Stop()
			return
		case <-e.armTimer:
		case <-t.C:
		}
		e.mu.Lock()
		wait := e.flushPendingIfDue(time.Now())
		e.mu.Unlock()
		if wait > 0 {
			t.Reset(wait)
		}
	}
}

// flushPendingIfDue seals the pending batch if its time has come, or returns how
// long until it does; 0 when there is nothing to wait for. Called with mu held.
func (e *Engine) flushPendingIfDue(now time.Time) time.Duration {
	if e.closed || len(e.pending.items) == 0 {
		return 0
	}
	if wait := e.pendingDue.Sub(now); wait > 0 {
		return wait
	}
	e.seal()
	return 0
}
