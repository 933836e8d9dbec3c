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
	"github.com/gocustomerio/customerio/retry"
)

func TestDesignEmailPublishRoutes(t *testing.T) {
	t.Parallel()
	base := "/v1/design_studio/emails/" + emailID
	done := &PublishResult{Status: PublishDone, Mappings: []PublishMapping{{NodeID: emailID, TemplateID: 987654, VersionID: "v_01H8XK"}}}
	testRoutes(t, []route{
		{
			name: "Link",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.Link(ctx, emailID, LinkRequest{Target: LinkTarget{Type: "campaign_action", ActionID: 42}})
			},
			exchange: exchange{method: http.MethodPost, path: base + "/link", body: `{"target":{"type":"campaign_action","action_id":42},"force":false}`, fixture: "design_email_link.json"},
			want:     &LinkResult{NodeID: emailID, TemplateID: 987654, Target: LinkTarget{Type: "campaign_action", ActionID: 42}},
		},
		{
			name:     "Publish done at once",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.DesignEmails.Publish(ctx, emailID) },
			exchange: exchange{method: http.MethodPost, path: base + "/publish", fixture: "design_email_publish_done.json"},
			want:     done,
		},
		{
			name:     "Publish pending",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.DesignEmails.Publish(ctx, emailID) },
			exchange: exchange{method: http.MethodPost, path: base + "/publish", fixture: "design_email_publish_pending.json"},
			want:     &PublishResult{Status: PublishPending, PublishID: "pub_7"},
		},
		{
			name: "GetPublishStatus",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.GetPublishStatus(ctx, emailID, "pub 7")
			},
			exchange: exchange{method: http.MethodGet, path: base + "/publish_status", query: "publish_id=pub+7", fixture: "design_email_publish_done.json"},
			want:     done,
		},
		{
			name: "HasUnpublishedChanges",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.HasUnpublishedChanges(ctx, emailID)
			},
			exchange: exchange{method: http.MethodGet, path: base + "/unpublished_changes", fixture: "design_email_unpublished.json"},
			want:     true,
		},
	})
}

func TestDesignEmailPublishValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"Link without a target type", "target.type", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Link(ctx, emailID, LinkRequest{Target: LinkTarget{ActionID: 1}})
			return err
		}},
		{"Link without a workflow id", "target", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Link(ctx, emailID, LinkRequest{Target: LinkTarget{Type: "campaign_action"}})
			return err
		}},
		{"Link with two workflow ids", "target", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Link(ctx, emailID, LinkRequest{Target: LinkTarget{Type: "campaign_action", ActionID: 1, NewsletterID: 2}})
			return err
		}},
		{"Link with a negative id", "target.newsletter_id", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Link(ctx, emailID, LinkRequest{Target: LinkTarget{Type: "newsletter", NewsletterID: -2}})
			return err
		}},
		{"Publish a blank id", "id", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Publish(ctx, "")
			return err
		}},
		{"GetPublishStatus without a publish id", "publish_id", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.GetPublishStatus(ctx, emailID, "")
			return err
		}},
		{"WaitForPublish with a negative interval", "Interval", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.WaitForPublish(ctx, emailID, "pub_7", PollOptions{Interval: -time.Second})
			return err
		}},
		{"WaitForPublish without a publish id", "publish_id", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.WaitForPublish(ctx, emailID, " ", PollOptions{})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			assertValidation(t, tt.call(t.Context(), srv.client()), tt.field)
		})
	}
}

// TestStateChangingDesignPostsAreNotRepeated: a 503 to a publish, a restore, a
// link or an inbox preview submission may come after Customer.io acted on it, so
// retry.Exponential sends it once, unless the call passes AllowRepeat.
func TestStateChangingDesignPostsAreNotRepeated(t *testing.T) {
	t.Parallel()
	base := "/v1/design_studio/emails/" + emailID
	calls := []struct {
		name string
		path string
		body string
		call func(ctx context.Context, c *Client, opts ...CallOption) error
	}{
		{"Publish", base + "/publish", "", func(ctx context.Context, c *Client, opts ...CallOption) error {
			_, err := c.DesignEmails.Publish(ctx, emailID, opts...)
			return err
		}},
		{"RestoreVersion", base + "/versions/v1/restore", "", func(ctx context.Context, c *Client, opts ...CallOption) error {
			_, err := c.DesignEmails.RestoreVersion(ctx, emailID, "v1", opts...)
			return err
		}},
		{"Link", base + "/link", `{"target":{"type":"campaign_action","action_id":42},"force":true}`, func(ctx context.Context, c *Client, opts ...CallOption) error {
			_, err := c.DesignEmails.Link(ctx, emailID, LinkRequest{Target: LinkTarget{Type: "campaign_action", ActionID: 42}, Force: true}, opts...)
			return err
		}},
		{"SubmitInboxPreview", base + "/inbox_previews", `{"client_ids":["gmail"]}`, func(ctx context.Context, c *Client, opts ...CallOption) error {
			_, err := c.DesignEmails.SubmitInboxPreview(ctx, emailID, SubmitInboxPreviewRequest{ClientIDs: []string{"gmail"}}, opts...)
			return err
		}},
	}
	strategy := customerio.WithRetry(retry.Exponential(retry.Delays(time.Millisecond, time.Millisecond), retry.MaxAttempts(3)))
	for _, tt := range calls {
		for _, mode := range []struct {
			name string
			opts []CallOption
			want int32
		}{{"sent once", nil, 1}, {"AllowRepeat repeats it", []CallOption{AllowRepeat()}, 3}} {
			t.Run(tt.name+" "+mode.name, func(t *testing.T) {
				t.Parallel()
				failing := exchange{method: http.MethodPost, path: tt.path, body: tt.body, status: http.StatusServiceUnavailable}
				srv := newServer(t, failing, failing, failing)
				err := tt.call(t.Context(), srv.client(strategy), mode.opts...)
				if !errors.Is(err, customerio.ErrServerError) {
					t.Errorf("error %v, want a 503 *APIError", err)
				}
				if n := srv.calls.Load(); n != mode.want {
					t.Errorf("%d requests, want %d", n, mode.want)
				}
			})
		}
	}
}

// memoryAnswer is one scripted answer of a memoryTransport.
type memoryAnswer struct {
	status  int
	header  http.Header
	fixture string
}

// memoryTransport answers requests from a script without any network, so a test
// can run the client inside a synctest bubble, where its timers use the
// bubble's clock. It records when each request arrived.
type memoryTransport struct {
	t       *testing.T
	mu      sync.Mutex
	answers []memoryAnswer
	got     []*http.Request
	at      []time.Time
}

func (m *memoryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	n := len(m.got)
	m.got = append(m.got, r)
	m.at = append(m.at, time.Now())
	if n >= len(m.answers) {
		m.t.Errorf("unexpected request %d: %s %s", n+1, r.Method, r.URL)
		return &http.Response{StatusCode: http.StatusTeapot, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	}
	a := m.answers[n]
	body := []byte{}
	if a.fixture != "" {
		var err error
		if body, err = os.ReadFile(filepath.Join("testdata", a.fixture)); err != nil {
			m.t.Error(err)
		}
	}
	h := a.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if a.fixture != "" && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	status := a.status
	if status == 0 {
		status = http.StatusOK
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(string(body))), ContentLength: int64(len(body)), Request: r}, nil
}

// requests returns how many requests arrived.
func (m *memoryTransport) requests() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.got)
}

// memoryClient is a client whose requests m answers.
func memoryClient(t *testing.T, m *memoryTransport, opts ...customerio.Option) *Client {
	t.Helper()
	c, err := New(testKey, append([]customerio.Option{customerio.WithBaseURL("https://api.example.test"), customerio.WithHTTPClient(&http.Client{Transport: m})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestWaitForPublishPollsWithBackoffUntilDone: a pending publish is read after
// 1s, then 2s, then 4s, and the done answer ends the wait with its mappings.
func TestWaitForPublishPollsWithBackoffUntilDone(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		m := &memoryTransport{t: t, answers: []memoryAnswer{{fixture: "design_email_publish_pending.json"}, {fixture: "design_email_publish_pending.json"}, {fixture: "design_email_publish_done.json"}}}
		c := memoryClient(t, m)
		start := time.Now()
		got, err := c.DesignEmails.WaitForPublish(t.Context(), emailID, "pub_7", PollOptions{Interval: time.Second, MaxInterval: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if !got.Done() || len(got.Mappings) != 1 || got.Mappings[0].VersionID != "v_01H8XK" {
			t.Errorf("result %+v, want the done answer", got)
		}
		want := []time.Duration{time.Second, 3 * time.Second, 7 * time.Second}
		for i, at := range m.at {
			if d := at.Sub(start); d != want[i] {
				t.Errorf("read %d at %s, want %s", i+1, d, want[i])
			}
			if q := m.got[i].URL.Query().Get("publish_id"); q != "pub_7" {
				t.Errorf("read %d publish_id %q", i+1, q)
			}
		}
	})
}

// TestWaitForPublishEndsWithContext: a cancelled context ends the wait during a
// pause, without another read.
func TestWaitForPublishEndsWithContext(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		m := &memoryTransport{t: t, answers: []memoryAnswer{{fixture: "design_email_publish_pending.json"}}}
		c := memoryClient(t, m)
		ctx, cancel := context.WithTimeout(t.Context(), 2500*time.Millisecond)
		defer cancel()
		_, err := c.DesignEmails.WaitForPublish(ctx, emailID, "pub_7", PollOptions{Interval: 2 * time.Second})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error %v, want the context's deadline", err)
		}
		if n := m.requests(); n != 1 {
			t.Errorf("%d reads, want 1", n)
		}
	})
}

// TestWaitForPublishSurfacesAFailedPublish: the error Customer.io answers for a
// failed publish ends the wait as a *customerio.APIError; a status other than
// done or pending is a *customerio.DecodeError.
func TestWaitForPublishSurfacesAFailedPublish(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		m := &memoryTransport{t: t, answers: []memoryAnswer{{status: http.StatusUnprocessableEntity}}}
		_, err := memoryClient(t, m).DesignEmails.WaitForPublish(t.Context(), emailID, "pub_7", PollOptions{})
		var apiErr *customerio.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("error %v, want the 422 *APIError", err)
		}
		m2 := &memoryTransport{t: t, answers: []memoryAnswer{{fixture: "design_email_publish_odd.json"}}}
		_, err = memoryClient(t, m2).DesignEmails.WaitForPublish(t.Context(), emailID, "pub_7", PollOptions{})
		var de *customerio.DecodeError
		if !errors.As(err, &de) {
			t.Errorf("error %v, want a *DecodeError", err)
		}
	})
}

// TestRateLimitedDesignRoutesWaitOutRetryAfter: render, preview, review, link
// and publish share a 5 requests per second limit; a 429 with Retry-After on a
// GET is waited out for exactly that long and retried, and a 429 on a publish,
// which proves Customer.io did not act on it, is repeated too.
func TestRateLimitedDesignRoutesWaitOutRetryAfter(t *testing.T) {
	t.Parallel()
	limited := memoryAnswer{status: http.StatusTooManyRequests, header: http.Header{"Retry-After": {"3"}}}
	tests := []struct {
		name    string
		fixture string
		call    func(context.Context, *Client) error
	}{
		{"Render", "design_email_render.json", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Render(ctx, emailID)
			return err
		}},
		{"Review", "design_email_review.json", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Review(ctx, emailID)
			return err
		}},
		{"Publish", "design_email_publish_done.json", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Publish(ctx, emailID)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				m := &memoryTransport{t: t, answers: []memoryAnswer{limited, {fixture: tt.fixture}}}
				c := memoryClient(t, m, customerio.WithRetry(retry.Exponential(retry.MaxAttempts(3))))
				if err := tt.call(t.Context(), c); err != nil {
					t.Fatal(err)
				}
				if len(m.at) != 2 {
					t.Fatalf("%d requests, want 2", len(m.at))
				}
				if d := m.at[1].Sub(m.at[0]); d != 3*time.Second {
					t.Errorf("retried after %s, want the 3s of Retry-After", d)
				}
			})
		})
	}
}
