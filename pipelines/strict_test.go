package pipelines_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// TestStrictModeHeader checks that X-Strict-Mode: 1 goes with batch and single
// calls exactly when WithStrictMode is given.
func TestStrictModeHeader(t *testing.T) {
	for _, strict := range []bool{false, true} {
		rec := newRecorder(t, nil)
		opts := []customerio.Option{customerio.WithBaseURL(serve(t, rec).URL)}
		want := ""
		if strict {
			opts = append(opts, pipelines.WithStrictMode())
			want = "1"
		}
		c := newClient(t, opts...)
		if err := c.Alias(t.Context(), pipelines.Alias{PreviousID: "anon", UserID: "1"}); err != nil {
			t.Fatal(err)
		}
		if err := c.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := c.Send(t.Context(), pipelines.Alias{PreviousID: "anon", UserID: "1"}); err != nil {
			t.Fatal(err)
		}
		for _, r := range rec.requests() {
			if got := r.Header.Get("X-Strict-Mode"); got != want {
				t.Errorf("strict %v: %s has X-Strict-Mode %q, want %q", strict, r.Path, got, want)
			}
		}
	}
}

// TestStrictModeIsolatesBadMessages has a strict server refuse every batch
// holding a message it finds invalid: the batch is split until the good
// messages are delivered and only the bad one reaches OnFailure.
func TestStrictModeIsolatesBadMessages(t *testing.T) {
	badEvent := []byte(`"event":"bad"`)
	srv := serve(t, newRecorder(t, func(_ int, r received, w http.ResponseWriter) {
		if r.Header.Get("X-Strict-Mode") == "1" && bytes.Contains(r.Body, badEvent) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"errors":[{"reason":"invalid","field":"event","message":"bad event"}]}`)
			return
		}
		_, _ = io.WriteString(w, "{}")
	}))
	var mu sync.Mutex
	var failed []customerio.Failure
	c := newClient(t, customerio.WithBaseURL(srv.URL), pipelines.WithStrictMode(), pipelines.WithQueue(customerio.QueueConfig{OnFailure: func(f []customerio.Failure) {
		mu.Lock()
		defer mu.Unlock()
		failed = append(failed, f...)
	}}))
	for _, event := range []string{"ok-0", "ok-1", "bad", "ok-3", "ok-4"} {
		if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: event}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(failed) != 1 || failed[0].Seq != 2 || !bytes.Contains(failed[0].Data, badEvent) {
		t.Fatalf("failed %+v; want only message 2", failed)
	}
	var apiErr *customerio.APIError
	if !errors.As(failed[0].Err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || len(apiErr.Details) != 1 || apiErr.Details[0].Field != "event" {
		t.Errorf("failure error %v; want the 400 APIError with its details", failed[0].Err)
	}
	if s := c.Stats(); s.Delivered != 4 || s.Failed != 1 || s.Splits == 0 {
		t.Errorf("stats %+v; want 4 delivered, 1 failed, splits", s)
	}
}
