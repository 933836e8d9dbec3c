package e2e

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/trackv2"
)

// TestBatcherRedirectIsNotDelivered pins that a Batcher whose own http.Client
// follows redirects (net/http's default) reports a batch answered with a 302 as
// failed, where the POST was once followed as a body-less GET, answered 200 and
// every op counted delivered.
func TestBatcherRedirectIsNotDelivered(t *testing.T) {
	var gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			http.Redirect(w, r, "/moved", http.StatusFound)
			return
		}
		gets.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	follows := &http.Client{Transport: srv.Client().Transport} // CheckRedirect nil: follows

	v2, err := trackv2.New("site", "key", customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(follows))
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu     sync.Mutex
		failed []customerio.Failure
	)
	b, err := trackv2.NewBatcher(v2, customerio.QueueConfig{
		MaxRetryElapsed: -1,
		OnFailure: func(ops []customerio.Failure) {
			mu.Lock()
			defer mu.Unlock()
			failed = append(failed, ops...)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"1", "2"} {
		if err := b.Enqueue(t.Context(), trackv2.IdentifyPerson(customerio.ByID(id), map[string]any{"plan": "pro"})); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(t.Context()); err != nil {
		t.Logf("Close: %v", err)
	}
	st := b.Stats()
	if st.Delivered != 0 || st.Failed != 2 {
		t.Errorf("stats %+v, want nothing delivered and both ops failed", st)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(failed) != 2 {
		t.Fatalf("%d ops reported failed, want 2", len(failed))
	}
	var re *customerio.RedirectError
	if !errors.As(failed[0].Err, &re) || re.Method != http.MethodPost || re.FinalMethod != http.MethodGet {
		t.Errorf("failure %v, want a *customerio.RedirectError", failed[0].Err)
	}
	if gets.Load() == 0 {
		t.Error("the client did not follow the redirect; the test proves nothing")
	}
}
