package app

import (
	"context"
	"time"
)

// PollOptions paces the status checks of a helper that waits for a job
// Customer.io runs in the background (Exports.Wait, DesignEmails.WaitForPublish).
// Zero fields take the defaults each helper documents.
type PollOptions struct {
	// Interval is the pause after the first check that finds the job still
	// running; each further pause doubles, up to MaxInterval.
	Interval time.Duration
	// MaxInterval caps the pause between checks (at least Interval).
	MaxInterval time.Duration
}

// check records a negative interval.
func (o PollOptions) check(p *problems) {
	if o.Interval < 0 {
		p.add("Interval", "must not be negative, got %s", o.Interval)
	}
	if o.MaxInterval < 0 {
		p.add("MaxInterval", "must not be negative, got %s", o.MaxInterval)
	}
}

// poll calls check at once and then after each pause until it reports done
// or an error, or ctx ends (ctx.Err(), also mid-pause). Pauses start at
// o.Interval (or interval) and double up to o.MaxInterval (or ceiling, or
// the first pause when that is longer). One timer serves every pause.
func (o PollOptions) poll(ctx context.Context, interval, ceiling time.Duration, check func() (done bool, err error)) error {
	pause := cmpOr(o.Interval, interval)
	limit := cmpOr(o.MaxInterval, max(ceiling, pause))
	pause = min(pause, limit)
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		if done, err := check(); done || err != nil {
			return err
		}
		if timer == nil {
			timer = time.NewTimer(pause)
		} else {
			timer.Reset(pause)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
		pause = min(2*pause, limit)
	}
}

// cmpOr is d, or def when d is zero.
func cmpOr(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}
