package batch

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func discard(context.Context, [][]byte) error { return nil }

func TestNewAppliesDefaults(t *testing.T) {
	e := mustNew(t, Config{Send: discard})
	defer e.Close(t.Context())
	c := e.cfg
	if c.MaxItems != math.MaxInt || c.MaxBatchBytes != 500_000 || c.EnvelopeBytes != 0 || c.FlushInterval != time.Second ||
		c.Uploaders != 0 || !e.adaptive || e.maxInFlight != DefaultMaxInFlight || e.window != InitialWindow || c.MaxQueueBytes != 16<<20 || c.OnFull != Block || c.MaxRetryElapsed != 30*time.Second ||
		c.RetryBaseDelay != 200*time.Millisecond || c.RetryMaxDelay != 10*time.Second ||
		c.Random == nil || c.SplitOn == nil || c.Logger == nil {
		t.Errorf("defaults = %+v", c)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"no Send", Config{}, "Send"},
		{"negative MaxItems", Config{Send: discard, MaxItems: -1}, "MaxItems"},
		{"negative MaxBatchBytes", Config{Send: discard, MaxBatchBytes: -1}, "MaxBatchBytes"},
		{"negative EnvelopeBytes", Config{Send: discard, EnvelopeBytes: -1}, "EnvelopeBytes"},
		{"envelope fills the batch", Config{Send: discard, MaxBatchBytes: 12, EnvelopeBytes: 12}, "EnvelopeBytes"},
		{"negative FlushInterval", Config{Send: discard, FlushInterval: -time.Second}, "FlushInterval"},
		{"negative Uploaders", Config{Send: discard, Uploaders: -2}, "Uploaders"},
		{"negative MaxInFlight", Config{Send: discard, MaxInFlight: -2}, "MaxInFlight"},
		{"MaxInFlight with Uploaders", Config{Send: discard, MaxInFlight: 8, Uploaders: 2}, "MaxInFlight"},
		{"negative MaxQueueBytes", Config{Send: discard, MaxQueueBytes: -1}, "MaxQueueBytes"},
		{"queue smaller than one item", Config{Send: discard, MaxBatchBytes: 1000, MaxQueueBytes: 1000}, "MaxQueueBytes"},
		{"negative RetryBaseDelay", Config{Send: discard, RetryBaseDelay: -1}, "RetryBaseDelay"},
		{"RetryMaxDelay below RetryBaseDelay", Config{Send: discard, RetryBaseDelay: time.Minute, RetryMaxDelay: time.Second}, "RetryMaxDelay"},
		{"unknown OnFull", Config{Send: discard, OnFull: 7}, "OnFull"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Op = "trackv2.NewBatcher"
			e, err := New(tt.cfg)
			var ve *customerio.ValidationError
			if e != nil || !errors.As(err, &ve) {
				t.Fatalf("New = %v, %v; want a *customerio.ValidationError", e, err)
			}
			if ve.Op != "trackv2.NewBatcher" || len(ve.Fields) != 1 || ve.Fields[0].Field != tt.field {
				t.Errorf("error = %v; want one problem with %s", err, tt.field)
			}
		})
	}
}

func TestDefaultSplitOn(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&customerio.APIError{StatusCode: 400}, true},
		{&customerio.APIError{StatusCode: 413}, true},
		{errors.Join(errors.New("context"), &customerio.APIError{StatusCode: 400}), true},
		{&customerio.APIError{StatusCode: 401}, false},
		{&customerio.APIError{StatusCode: 500}, false},
		{errors.New("400"), false},
	}
	for _, tt := range tests {
		if got := splitOnRejectedRequest(tt.err); got != tt.want {
			t.Errorf("splitOnRejectedRequest(%v) = %v; want %v", tt.err, got, tt.want)
		}
	}
}

func TestBackoffCeilings(t *testing.T) {
	e := &Engine{cfg: Config{RetryBaseDelay: 100 * time.Millisecond, RetryMaxDelay: time.Second,
		Random: func() float64 { return 0.5 }}}
	want := []time.Duration{50, 100, 200, 400, 500, 500}
	for n := 1; n <= 200; n++ {
		w := want[min(n, len(want))-1] * time.Millisecond
		if got := e.backoff(n, errors.New("connection reset")); got != w {
			t.Fatalf("wait after attempt %d = %v; want %v", n, got, w)
		}
	}
}
