package batch

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	customerio "github.com/gocustomerio/customerio"
)

// lockedBuffer is a bytes.Buffer safe for the engine's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogsCarryNoItemBytes runs retries, splits, partial failures and final
// failures without OnFailure, and checks the log reports them without ever
// quoting an item.
func TestLogsCarryNoItemBytes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const secret = "PAYLOAD-SENTINEL"
		var logs lockedBuffer
		attempt := 0
		e := mustNew(t, Config{
			MaxItems: 10,
			Logger:   slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
			Send: func(_ context.Context, items [][]byte) error {
				attempt++
				switch {
				case attempt == 1:
					return &customerio.APIError{StatusCode: http.StatusServiceUnavailable}
				case len(items) > 1:
					return &customerio.APIError{StatusCode: http.StatusBadRequest}
				case attempt%2 == 0:
					return &ItemErrors{Errors: []ItemError{{Index: 0}, {Index: 5}}}
				}
				return &customerio.APIError{StatusCode: http.StatusUnauthorized}
			},
		})
		for i := range 10 {
			if err := e.Enqueue(t.Context(), []byte(`{"n":`+strings.Repeat("1", i+1)+`,"s":"`+secret+`"}`)); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.Close(t.Context()); !errors.Is(err, ErrUndelivered) {
			t.Fatalf("Close = %v; want ErrUndelivered without OnFailure", err)
		}
		st := checkBalanced(t, e)
		if st.Failed != 10 {
			t.Fatalf("stats = %+v; want all 10 failed", st)
		}
		out := logs.String()
		for _, want := range []string{"retrying", "splitting", "ignoring item errors", "items failed"} {
			if !strings.Contains(out, want) {
				t.Errorf("log lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, secret) {
			t.Errorf("log quotes an item:\n%s", out)
		}
	})
}
