package app

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

// limitedTransport answers in process: the first request of a call with
// status first (429 carrying Retry-After: 2), later ones with 200 and answer.
type limitedTransport struct {
	first  int
	answer string
	mu     sync.Mutex
	times  []time.Time
}

func (l *limitedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	l.mu.Lock()
	l.times = append(l.times, time.Now())
	n := len(l.times)
	l.mu.Unlock()
	resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(l.answer)), Request: r}
	if n == 1 {
		resp.StatusCode = l.first
		resp.Header.Set("Retry-After", "2")
		resp.Body = io.NopCloser(strings.NewReader(`{"errors":[{"detail":"rate limited","status":429}]}`))
	}
	return resp, nil
}

func (l *limitedTransport) attempts() []time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]time.Time(nil), l.times...)
}

func limitedClient(t *testing.T, l *limitedTransport) *Client {
	t.Helper()
	c, err := New(testKey,
		customerio.WithBaseURL("http://customerio.test"),
		customerio.WithHTTPClient(&http.Client{Transport: l}),
		customerio.WithRetry(retry.Exponential(retry.MaxAttempts(3))))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDesignStudioWaitsOutA429AndRepeatsReadsAndEdits pins that a 429 with
// Retry-After on a Design Studio or asset route is waited out and the call made
// again, for GET, PUT and DELETE, and for a creating POST too: a 429 proves
// nothing was created.
func TestDesignStudioWaitsOutA429AndRepeatsReadsAndEdits(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer string
		call   func(ctx context.Context, c *Client) error
	}{
		{"GET component", `{"component":{"id":"c-1"}}`, func(ctx context.Context, c *Client) error {
			_, err := c.Components.Get(ctx, "c-1")
			return err
		}},
		{"PUT folder", "", func(ctx context.Context, c *Client) error {
			return c.DesignFolders.Update(ctx, folderUUID, UpdateDesignFolderRequest{Name: customerio.Ptr("New")})
		}},
		{"DELETE asset", "", func(ctx context.Context, c *Client) error { return c.Assets.Delete(ctx, 7) }},
		{"POST component", `{"component":{"id":"c-1"}}`, func(ctx context.Context, c *Client) error {
			_, err := c.Components.Create(ctx, CreateComponentRequest{Name: "n", Tag: "t", Content: "c"})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				l := &limitedTransport{first: http.StatusTooManyRequests, answer: tc.answer}
				if err := tc.call(t.Context(), limitedClient(t, l)); err != nil {
					t.Fatal(err)
				}
				at := l.attempts()
				if len(at) != 2 {
					t.Fatalf("%d attempts, want 2", len(at))
				}
				if gap := at[1].Sub(at[0]); gap < 2*time.Second {
					t.Errorf("repeated after %v, before the 2s Retry-After", gap)
				}
			})
		})
	}
}

// TestDesignStudioCreateIsNotRepeatedAfterA5xx pins that a creating POST is
// not repeated after a failure that may have created something.
func TestDesignStudioCreateIsNotRepeatedAfterA5xx(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := &limitedTransport{first: http.StatusServiceUnavailable, answer: `{"folder":{"id":"f"}}`}
		_, err := limitedClient(t, l).DesignFolders.Create(t.Context(), CreateDesignFolderRequest{Name: "New"})
		var apiErr *customerio.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("err %v, want the 503", err)
		}
		if n := len(l.attempts()); n != 1 {
			t.Errorf("%d attempts, want 1", n)
		}
	})
}

// TestUploadIsNotRepeatedAfterA429 pins that a streamed upload is sent once
// even with a retry strategy: the file was read while sent and cannot be sent
// again, so the 429 reaches the caller.
func TestUploadIsNotRepeatedAfterA429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := &limitedTransport{first: http.StatusTooManyRequests, answer: `{"asset":{"id":7}}`}
		_, err := limitedClient(t, l).Assets.Upload(t.Context(), AssetUpload{File: strings.NewReader("GIF89a"), Size: 6, FileName: "a.gif"})
		var apiErr *customerio.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests || apiErr.RetryAfter != 2*time.Second {
			t.Errorf("err %v, want the 429 with its Retry-After", err)
		}
		if n := len(l.attempts()); n != 1 {
			t.Errorf("%d attempts, want 1", n)
		}
	})
}
