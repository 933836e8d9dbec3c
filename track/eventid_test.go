package track

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

var ulidPattern = regexp.MustCompile(`^[0-7][0-9A-HJKMNP-TV-Z]{25}$`)

// fastRetry retries at once-ish, so tests stay quick.
func fastRetry() customerio.Option {
	return customerio.WithRetry(retry.Exponential(retry.Delays(time.Millisecond, time.Millisecond)))
}

// eventCalls are the calls that post an event, each without an EventID.
var eventCalls = []struct {
	name string
	call func(ctx context.Context, c *Client) error
}{
	{"track", func(ctx context.Context, c *Client) error { return c.Track(ctx, "42", "e", nil) }},
	{"track anonymous", func(ctx context.Context, c *Client) error { return c.TrackAnonymous(ctx, "anon", "e", nil) }},
	{"pageview", func(ctx context.Context, c *Client) error { return c.Pageview(ctx, "42", "https://x", nil) }},
	{"screen", func(ctx context.Context, c *Client) error { return c.Screen(ctx, "42", "Home", nil) }},
}

func TestGeneratedEventIDsAreUniqueULIDs(t *testing.T) {
	const perCall = 50
	rec := newRecorder(t, nil)
	c := rec.client(t)
	for _, ec := range eventCalls {
		for range perCall {
			if err := ec.call(t.Context(), c); err != nil {
				t.Fatalf("%s: %v", ec.name, err)
			}
		}
	}
	seen := map[string]bool{}
	for _, r := range rec.requests() {
		id, _ := decodeBody(t, r.Body)["id"].(string)
		if !ulidPattern.MatchString(id) {
			t.Errorf("event id %q is not a ULID", id)
		}
		if seen[id] {
			t.Errorf("event id %q generated twice", id)
		}
		seen[id] = true
	}
	if len(seen) != perCall*len(eventCalls) {
		t.Errorf("got %d distinct ids, want %d", len(seen), perCall*len(eventCalls))
	}
}

// A retried event call sends the very same bytes, generated id included, so
// Customer.io can drop the repeat; each attempt still has its own request id.
func TestEventIDReusedAcrossRetries(t *testing.T) {
	for _, ec := range eventCalls {
		t.Run(ec.name, func(t *testing.T) {
			rec := newRecorder(t, func(n int, w http.ResponseWriter) {
				if n == 0 {
					w.WriteHeader(http.StatusServiceUnavailable)
					return
				}
				w.WriteHeader(http.StatusOK)
			})
			if err := ec.call(t.Context(), rec.client(t, fastRetry())); err != nil {
				t.Fatal(err)
			}
			reqs := rec.requests()
			if len(reqs) != 2 {
				t.Fatalf("got %d attempts, want 2", len(reqs))
			}
			if !bytes.Equal(reqs[0].Body, reqs[1].Body) {
				t.Errorf("attempts sent different bodies:\n%s\n%s", reqs[0].Body, reqs[1].Body)
			}
			first, _ := decodeBody(t, reqs[0].Body)["id"].(string)
			second, _ := decodeBody(t, reqs[1].Body)["id"].(string)
			if first != second || !ulidPattern.MatchString(first) {
				t.Errorf("event ids %q and %q, want one ULID", first, second)
			}
			if reqs[0].RequestID == reqs[1].RequestID {
				t.Errorf("both attempts carried X-Request-Id %q", reqs[0].RequestID)
			}
		})
	}
}

func TestCallerEventIDIsKept(t *testing.T) {
	rec := newRecorder(t, status(http.StatusServiceUnavailable, ""))
	err := rec.client(t, fastRetry()).Track(t.Context(), "42", "e", nil, EventID("order-1234"))
	if !customerio.IsRetryable(err) {
		t.Fatalf("err = %v, want the final 503", err)
	}
	reqs := rec.requests()
	if len(reqs) != retry.DefaultMaxAttempts {
		t.Fatalf("got %d attempts, want %d", len(reqs), retry.DefaultMaxAttempts)
	}
	for _, r := range reqs {
		if id := decodeBody(t, r.Body)["id"]; id != "order-1234" {
			t.Errorf("id = %v, want the caller's", id)
		}
	}
}

// Calls that are safe to repeat are retried after a 503; the others are not,
// since Customer.io may have acted on the request before failing.
func TestRetrySafety(t *testing.T) {
	tests := []struct {
		name     string
		call     func(ctx context.Context, c *Client) error
		attempts int
	}{
		{"identify", func(ctx context.Context, c *Client) error { return c.Identify(ctx, "42", nil) }, 2},
		{"delete", func(ctx context.Context, c *Client) error { return c.Delete(ctx, "42") }, 2},
		{"suppress", func(ctx context.Context, c *Client) error { return c.Suppress(ctx, "42") }, 2},
		{"unsuppress", func(ctx context.Context, c *Client) error { return c.Unsuppress(ctx, "42") }, 2},
		{"add to segment", func(ctx context.Context, c *Client) error { return c.AddToSegment(ctx, 7, []string{"1"}, "") }, 2},
		{"unsubscribe", func(ctx context.Context, c *Client) error { return c.Unsubscribe(ctx, "d", true) }, 2},
		{"merge people", func(ctx context.Context, c *Client) error {
			return c.MergePeople(ctx, customerio.ByID("1"), customerio.ByID("2"))
		}, 1},
		{"submit form", func(ctx context.Context, c *Client) error {
			return c.SubmitForm(ctx, "f", map[string]string{"email": "a@b.c"})
		}, 1},
		{"report metric", func(ctx context.Context, c *Client) error {
			return c.ReportMetric(ctx, MetricReport{DeliveryID: "d", Channel: ChannelPush, Metric: customerio.MetricOpened})
		}, 1},
		{"report push event", func(ctx context.Context, c *Client) error {
			return c.ReportPushEvent(ctx, PushEvent{DeliveryID: "d", Event: customerio.MetricOpened})
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, func(n int, w http.ResponseWriter) {
				if n == 0 {
					w.WriteHeader(http.StatusServiceUnavailable)
				}
			})
			err := tt.call(t.Context(), rec.client(t, fastRetry()))
			if got := len(rec.requests()); got != tt.attempts {
				t.Errorf("got %d attempts, want %d (err %v)", got, tt.attempts, err)
			}
			if (err == nil) != (tt.attempts == 2) {
				t.Errorf("err = %v", err)
			}
		})
	}
}
