package track

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// secretForms are the ways the key could leak: as is, and inside the Basic
// credentials.
var secretForms = []string{testKey, strings.TrimPrefix(testAuth, "Basic "), base64.StdEncoding.EncodeToString([]byte(testKey))}

func assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, secret := range secretForms {
		if strings.Contains(s, secret) {
			t.Errorf("%s leaks the key: %s", what, s)
		}
	}
}

var formatVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x"}

func TestClientFormatHidesKey(t *testing.T) {
	c, err := New(testSite, testKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range formatVerbs {
		out := fmt.Sprintf(verb, c)
		assertNoSecret(t, "fmt "+verb+" of the client", out)
		if !strings.Contains(out, testSite) {
			t.Errorf("fmt %s = %q, want the site id", verb, out)
		}
	}
	assertNoSecret(t, "a struct holding the client", fmt.Sprintf("%+v %#v", struct{ C *Client }{c}, []*Client{c}))
	var nilClient *Client
	if got := nilClient.String(); got != "track.Client(nil)" {
		t.Errorf("nil String() = %q", got)
	}
}

// safeBuffer is an io.Writer for a logger used from the client's goroutines.
type safeBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *safeBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *safeBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Every failure path, with the key known: no error string nor log record may
// contain it.
func TestErrorsAndLogsHideKey(t *testing.T) {
	var logs safeBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	// A 401 with a JSON error body, a retried 503 with an HTML one, and a
	// server that refuses connections.
	failing := newRecorder(t, status(http.StatusUnauthorized, `{"meta":{"error":"bad credentials"}}`))
	unavailable := newRecorder(t, status(http.StatusServiceUnavailable, "<html>down</html>"))
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	newClient := func(base string) *Client {
		c, err := New(testSite, testKey, customerio.WithBaseURL(base), customerio.WithLogger(logger), fastRetry())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	clients := map[string]*Client{
		"401":     newClient(failing.srv.URL),
		"503":     newClient(unavailable.srv.URL),
		"refused": newClient(closed.URL),
	}
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()

	var errs []error
	for name, c := range clients {
		for _, ec := range eventCalls {
			errs = append(errs, ec.call(t.Context(), c))
		}
		errs = append(errs,
			c.Identify(t.Context(), "42", nil),
			c.Delete(t.Context(), "42"),
			c.AddDevice(t.Context(), "42", customerio.Device{Token: "t", Platform: customerio.PlatformIOS}),
			c.DeleteDevice(t.Context(), "42", "t"),
			c.Suppress(t.Context(), "42"),
			c.Unsuppress(t.Context(), "42"),
			c.MergePeople(t.Context(), customerio.ByID("1"), customerio.ByID("2")),
			c.AddToSegment(t.Context(), 7, numberedIDs(1500), ""),
			c.RemoveFromSegment(t.Context(), 7, []string{"1"}, customerio.IDTypeID),
			c.SubmitForm(t.Context(), "f", map[string]string{"email": "a@b.c"}),
			c.ReportMetric(t.Context(), MetricReport{DeliveryID: "d", Channel: ChannelEmail, Metric: customerio.MetricOpened}),
			c.ReportPushEvent(t.Context(), PushEvent{DeliveryID: "d", Event: customerio.MetricOpened}),
			c.Unsubscribe(t.Context(), "d", true),
			c.Do(t.Context(), "POST", "/api/v1/anything", map[string]any{"a": 1}, &map[string]any{}),
			c.Do(t.Context(), "GET", "/api/v1/../x", nil, nil),
			c.Track(cancelled, "42", "e", nil),
			c.AddToSegment(cancelled, 7, []string{"1"}, ""),
		)
		_, err := c.Region(t.Context())
		errs = append(errs, err)
		for _, vc := range validationCases() {
			errs = append(errs, vc.call(t.Context(), c))
		}
		t.Logf("%s: %d calls", name, len(errs))
	}
	_, err := New("", testKey)
	errs = append(errs, err)
	_, err = New(testSite, testKey, customerio.WithBaseURL("ftp://example.com"))
	errs = append(errs, err)
	_, err = New(testSite+":x", testKey)
	errs = append(errs, err)

	for i, err := range errs {
		if err == nil {
			t.Errorf("call %d did not fail", i)
			continue
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			assertNoSecret(t, fmt.Sprintf("error %d (%T) with %s", i, err, verb), fmt.Sprintf(verb, err))
		}
	}
	if logs.String() == "" {
		t.Fatal("nothing was logged; the logger is not wired")
	}
	assertNoSecret(t, "the log", logs.String())
}
