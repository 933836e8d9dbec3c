package app

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// scriptedExports answers GET /v1/exports/110 with the fixtures of statuses in
// turn, and /download with export_download.json, in process: no network, so
// every goroutine of a synctest bubble can block durably and the bubble's
// clock moves only on Wait's timer. It records the clock at each request.
type scriptedExports struct {
	t        *testing.T
	mu       sync.Mutex
	statuses []string
	polls    []time.Time
	download int
}

func (s *scriptedExports) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var fixture string
	switch r.URL.Path {
	case "/v1/exports/110":
		s.polls = append(s.polls, time.Now())
		fixture = s.statuses[min(len(s.polls), len(s.statuses))-1]
	case "/v1/exports/110/download":
		s.download++
		fixture = "export_download.json"
	default:
		s.t.Errorf("unexpected request %s %s", r.Method, r.URL)
		return &http.Response{StatusCode: http.StatusTeapot, Body: http.NoBody, Request: r}, nil
	}
	b, ok := waitFixtures[fixture]
	if !ok {
		s.t.Errorf("fixture %s not loaded", fixture)
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(b)),
		ContentLength: int64(len(b)),
		Request:       r,
	}, nil
}

// waitFixtures are the answers scriptedExports serves, read before any bubble
// starts so no file I/O happens inside one.
var waitFixtures = func() map[string]string {
	out := map[string]string{}
	for _, name := range []string{"export_pending.json", "export_get.json", "export_failed.json", "export_download.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			panic(err)
		}
		out[name] = string(b)
	}
	return out
}()

func (s *scriptedExports) client(t *testing.T) *Client {
	c, err := New(testKey, customerio.WithBaseURL("http://cio.test"), customerio.WithHTTPClient(&http.Client{Transport: s}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// gaps is the time between consecutive polls.
func (s *scriptedExports) gaps() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Duration
	for i := 1; i < len(s.polls); i++ {
		out = append(out, s.polls[i].Sub(s.polls[i-1]))
	}
	return out
}

func sameDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestWaitBacksOffUntilTheExportIsDone: Wait polls at once, then after pauses
// that double from Interval up to MaxInterval, and asks for the link
// once the export is done.
func TestWaitBacksOffUntilTheExportIsDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &scriptedExports{t: t, statuses: []string{
			"export_pending.json", "export_pending.json", "export_pending.json", "export_pending.json", "export_pending.json", "export_get.json",
		}}
		start := time.Now()
		url, err := s.client(t).Exports.Wait(t.Context(), 110, PollOptions{Interval: time.Second, MaxInterval: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if url != "https://exports.example.com/110.csv?signature=abc&expires=1530297638" {
			t.Errorf("url %q", url)
		}
		if want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}; !sameDurations(s.gaps(), want) {
			t.Errorf("pauses %v, want %v", s.gaps(), want)
		}
		if elapsed := time.Since(start); elapsed != 17*time.Second {
			t.Errorf("waited %s, want 17s", elapsed)
		}
		if s.download != 1 {
			t.Errorf("%d download requests, want 1", s.download)
		}
	})
}

// TestWaitDefaultsPollEveryTwoSecondsDoubling pins the defaults: 2s, doubling
// to a 30s ceiling.
func TestWaitDefaultsPollEveryTwoSecondsDoubling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		statuses := make([]string, 7)
		for i := range statuses {
			statuses[i] = "export_pending.json"
		}
		s := &scriptedExports{t: t, statuses: append(statuses, "export_get.json")}
		if _, err := s.client(t).Exports.Wait(t.Context(), 110, PollOptions{}); err != nil {
			t.Fatal(err)
		}
		want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second, 30 * time.Second}
		if !sameDurations(s.gaps(), want) {
			t.Errorf("pauses %v, want %v", s.gaps(), want)
		}
	})
}

// TestWaitReturnsAtOnceForADoneExport: no pause at all when the first read
// finds the file ready.
func TestWaitReturnsAtOnceForADoneExport(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &scriptedExports{t: t, statuses: []string{"export_get.json"}}
		start := time.Now()
		if _, err := s.client(t).Exports.Wait(t.Context(), 110, PollOptions{}); err != nil {
			t.Fatal(err)
		}
		if elapsed := time.Since(start); elapsed != 0 || len(s.polls) != 1 {
			t.Errorf("waited %s over %d polls, want 0 over 1", elapsed, len(s.polls))
		}
	})
}

// TestWaitFailsClearlyForAFailedExport: a failed export ends the wait with an
// error naming it, and no link is asked for.
func TestWaitFailsClearlyForAFailedExport(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &scriptedExports{t: t, statuses: []string{"export_pending.json", "export_failed.json"}}
		_, err := s.client(t).Exports.Wait(t.Context(), 110, PollOptions{Interval: time.Second})
		if !errors.Is(err, ErrExportFailed) {
			t.Fatalf("error %v, want ErrExportFailed", err)
		}
		var fe *ExportFailedError
		if !errors.As(err, &fe) || fe.Export.ID != 110 || !fe.Export.Failed {
			t.Errorf("error %#v, want an *ExportFailedError for export 110", err)
		}
		if !strings.Contains(err.Error(), "export 110 failed (Customers in segment 3)") {
			t.Errorf("message %q", err)
		}
		if s.download != 0 {
			t.Errorf("%d download requests for a failed export", s.download)
		}
	})
}

// TestWaitEndsWithTheContextMidPause: a deadline that falls inside a pause
// ends the wait at the deadline, with the context's error.
func TestWaitEndsWithTheContextMidPause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &scriptedExports{t: t, statuses: []string{"export_pending.json"}}
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		start := time.Now()
		_, err := s.client(t).Exports.Wait(ctx, 110, PollOptions{Interval: 2 * time.Second})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error %v, want context.DeadlineExceeded", err)
		}
		if elapsed := time.Since(start); elapsed != 5*time.Second {
			t.Errorf("returned after %s, want 5s", elapsed)
		}
		if len(s.polls) != 2 {
			t.Errorf("%d polls, want 2 (at 0s and 2s)", len(s.polls))
		}
	})
}
