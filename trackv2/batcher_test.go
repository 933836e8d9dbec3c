package trackv2

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch"
)

func TestNewBatcherRefusesBadConfig(t *testing.T) {
	c, err := New(testSite, testKey)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		cfg    customerio.QueueConfig
		fields []string
	}{
		{"negative sizes", customerio.QueueConfig{MaxBatchItems: -1, Uploaders: -1, FlushInterval: -time.Second}, []string{"MaxBatchItems", "Uploaders", "FlushInterval"}},
		{"batch bytes above the API's limit", customerio.QueueConfig{MaxBatchBytes: customerio.MaxBatchBytes + 1}, []string{"MaxBatchBytes"}},
		{"batch bytes too small for one op", customerio.QueueConfig{MaxBatchBytes: customerio.MaxEntityBytes}, []string{"MaxBatchBytes"}},
		{"queue smaller than a batch", customerio.QueueConfig{MaxQueueBytes: 100_000}, []string{"MaxQueueBytes"}},
		{"unknown full policy", customerio.QueueConfig{OnFull: 7}, []string{"OnFull"}},
		{"retry delays upside down", customerio.QueueConfig{RetryBaseDelay: time.Second, RetryMaxDelay: time.Millisecond}, []string{"RetryMaxDelay"}},
		{"several at once", customerio.QueueConfig{OnFull: -1, MaxBatchBytes: 1, RetryBaseDelay: -1}, []string{"MaxBatchBytes", "OnFull", "RetryBaseDelay"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := NewBatcher(c, tc.cfg)
			var ve *customerio.ValidationError
			if b != nil || !errors.As(err, &ve) || ve.Op != "trackv2.NewBatcher" {
				t.Fatalf("NewBatcher = %v, %v; want a *customerio.ValidationError", b, err)
			}
			var got []string
			for _, f := range ve.Fields {
				got = append(got, f.Field)
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tc.fields))
			if !slices.Equal(got, want) {
				t.Errorf("fields %v; want %v (%v)", got, want, err)
			}
		})
	}
	if _, err := NewBatcher(nil, customerio.QueueConfig{}); err == nil {
		t.Error("NewBatcher(nil) succeeded")
	}
}

func TestNewBatcherAcceptsTheLimits(t *testing.T) {
	c, err := New(testSite, testKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []customerio.QueueConfig{
		{},
		{MaxBatchBytes: customerio.MaxBatchBytes},
		{MaxBatchBytes: customerio.MaxEntityBytes + len(`{"batch":[]}`), MaxQueueBytes: customerio.MaxEntityBytes + 64},
		{MaxRetryElapsed: -1, OnFull: customerio.Drop, Uploaders: 1},
	} {
		b, err := NewBatcher(c, cfg)
		if err != nil {
			t.Fatalf("NewBatcher(%+v): %v", cfg, err)
		}
		if err := b.Close(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBatcherEnqueueRefusesBadOpsAtOnce checks that Enqueue validates on the
// caller's goroutine: a bad op is an error right there, and nothing is sent.
func TestBatcherEnqueueRefusesBadOpsAtOnce(t *testing.T) {
	srv := newMemServer(t, func(context.Context, int, []byte) memReply {
		t.Error("the server was called")
		return memOK
	})
	b, _ := newMemBatcher(t, srv, customerio.QueueConfig{})
	defer closeBalanced(t, b)
	for name, op := range map[string]Op{
		"no identifiers": {Type: TypePerson, Action: ActionIdentify},
		"blank name":     TrackPersonEvent(customerio.ByID("1"), "", nil),
		"NaN":            TrackPersonEvent(customerio.ByID("1"), "e", map[string]any{"price": math.NaN()}),
		"over 32,000":    IdentifyPerson(customerio.ByID("1"), map[string]any{"pad": strings.Repeat("x", customerio.MaxEntityBytes)}),
		"bad action":     {Type: TypeDelivery, Action: ActionIdentify, Identifiers: DeliveryID("d")},
	} {
		var ve *customerio.ValidationError
		if err := b.Enqueue(t.Context(), op); !errors.As(err, &ve) || ve.Op != "trackv2.Batcher.Enqueue" {
			t.Errorf("%s: %v; want a *customerio.ValidationError", name, err)
		}
	}
	if s := b.Stats(); s.Enqueued != 0 {
		t.Errorf("stats %+v; want nothing enqueued", s)
	}
}

func TestBatcherErrorsAreTheRootValues(t *testing.T) {
	if customerio.ErrQueueFull != batch.ErrQueueFull || customerio.ErrClosed != batch.ErrClosed || customerio.ErrUndelivered != batch.ErrUndelivered {
		t.Error("the engine must return customerio.ErrQueueFull, ErrClosed and ErrUndelivered, shared with the Data Pipelines client")
	}
}

// TestBatcherNeverShowsTheKey formats the Batcher and every error and log
// record of a run full of failures, and looks for the API key and the op
// bytes.
func TestBatcherNeverShowsTheKey(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const payload = "PAYLOAD-MARKER-4e1d"
		var logs bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		srv := newMemServer(t, func(_ context.Context, n int, _ []byte) memReply {
			switch n % 4 {
			case 0:
				return memReply{status: http.StatusServiceUnavailable, body: `{"errors":[{"message":"busy"}]}`}
			case 1:
				return memReply{status: http.StatusBadRequest, body: `{"errors":[{"message":"bad"}]}`}
			case 2:
				return memReply{drop: true}
			}
			return memReply{status: http.StatusMultiStatus, body: `{"errors":[{"batch_index":0,"reason":"invalid"}]}`}
		})
		var failed []customerio.Failure
		var mu sync.Mutex
		b, _ := newMemBatcher(t, srv, customerio.QueueConfig{MaxRetryElapsed: time.Second, OnFailure: func(ops []customerio.Failure) {
			mu.Lock()
			failed = append(failed, ops...)
			mu.Unlock()
		}}, customerio.WithLogger(logger))
		for n := range 8 {
			if err := b.Enqueue(t.Context(), TrackPersonEvent(customerio.ByID("1"), "e", map[string]any{"secret": payload, "n": n})); err != nil {
				t.Fatal(err)
			}
		}
		closeBalanced(t, b)

		var shown strings.Builder
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			fmt.Fprintf(&shown, verb+"\n", b)
		}
		for _, op := range failed {
			shown.WriteString(op.Err.Error() + "\n")
			fmt.Fprintf(&shown, "%+v\n", op.Err)
		}
		if strings.Contains(shown.String(), testKey) {
			t.Errorf("the API key shows in:\n%s", shown.String())
		}
		if !strings.Contains(shown.String(), "trackv2.Batcher{site: "+testSite+"}") {
			t.Errorf("the Batcher is shown as:\n%s", shown.String())
		}
		if strings.Contains(logs.String(), testKey) || strings.Contains(logs.String(), payload) {
			t.Errorf("the logs show the key or op bytes:\n%s", logs.String())
		}
		if !strings.Contains(logs.String(), "customerio batch: retrying") || !strings.Contains(logs.String(), "customerio request") {
			t.Errorf("the Batcher does not log through the client's logger:\n%s", logs.String())
		}
	})
}

// TestBatcherLogsFailuresWithoutOnFailure checks that, without an
// OnFailure, failures go to the client's logger at error level and Close
// reports them with customerio.ErrUndelivered.
func TestBatcherLogsFailuresWithoutOnFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelError}))
		srv := newMemServer(t, func(context.Context, int, []byte) memReply {
			return memReply{status: http.StatusUnprocessableEntity}
		})
		c, err := New(testSite, testKey, customerio.WithBaseURL("https://track.customerio.test"),
			customerio.WithHTTPClient(&http.Client{Transport: srv}), customerio.WithLogger(logger))
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewBatcher(c, customerio.QueueConfig{})
		if err != nil {
			t.Fatal(err)
		}
		enqueueNumbered(t, b, 0, 3)
		err = b.Close(t.Context())
		if !errors.Is(err, customerio.ErrUndelivered) || !strings.Contains(err.Error(), "3 of 3") || !strings.Contains(err.Error(), "422") {
			t.Errorf("Close = %v; want customerio.ErrUndelivered counting 3 of 3 with the 422", err)
		}
		if s := b.Stats(); s.Failed != 3 {
			t.Errorf("stats %+v", s)
		}
		if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "items=3") {
			t.Errorf("logs:\n%s", logs.String())
		}
	})
}
