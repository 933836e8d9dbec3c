package main

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gocustomerio/customerio/webhook"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// output collects what run prints and hands over the URL of its
// "listening on" line, which run writes in one piece with the rest of its
// start-up banner.
type output struct {
	mu        sync.Mutex
	buf       bytes.Buffer
	listening chan string
	// changed is closed, and replaced, on every write.
	changed chan struct{}
}

func newOutput() *output {
	return &output{listening: make(chan string, 1), changed: make(chan struct{})}
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if rest, ok := strings.CutPrefix(string(p), "listening on "); ok {
		url, _, _ := strings.Cut(rest, "\n")
		o.listening <- url
	}
	close(o.changed)
	o.changed = make(chan struct{})
	return o.buf.Write(p)
}

// waitFor blocks until the output holds n lines starting with prefix, or
// the test's context ends.
func (o *output) waitFor(t *testing.T, prefix string, n int) {
	t.Helper()
	for {
		o.mu.Lock()
		got := strings.Count("\n"+o.buf.String(), "\n"+prefix)
		changed := o.changed
		o.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-changed:
		case <-t.Context().Done():
			t.Fatalf("output never had %d lines starting %q:\n%s", n, prefix, o)
		}
	}
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// server is run serving on a free loopback port.
type server struct {
	url  string
	out  *output
	stop context.CancelFunc
	done chan error
}

// start runs the program as main would, on 127.0.0.1:0, and waits until it
// listens.
func start(t *testing.T, getenv func(string) string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	s := &server{out: newOutput(), stop: cancel, done: make(chan error, 1)}
	go func() { s.done <- run(ctx, s.out, getenv, []string{"-addr", "127.0.0.1:0"}) }()
	select {
	case s.url = <-s.out.listening:
	case err := <-s.done:
		cancel()
		t.Fatalf("run returned before listening: %v\n%s", err, s.out)
	}
	return s
}

// shutdown stops the server the way SIGTERM does and checks it ended cleanly.
func (s *server) shutdown(t *testing.T) {
	t.Helper()
	s.stop()
	if err := <-s.done; err != nil {
		t.Errorf("run: %v", err)
	}
	if !strings.HasSuffix(s.out.String(), "server stopped\n") {
		t.Errorf("output does not end with the shutdown notice:\n%s", s.out)
	}
}

const delivery = `{"event_id":"01J0TEST00000000000000000AB","object_type":"email","metric":"opened",` +
	`"timestamp":1700000000,"data":{"identifiers":{"id":"42","email":"ada@example.com"}}}`

func TestSignedAndTamperedDeliveries(t *testing.T) {
	const key = "SENTINEL-signing-key"
	s := start(t, func(name string) string {
		if name == "CUSTOMERIO_WEBHOOK_SIGNING_KEY" {
			return key
		}
		return ""
	})
	client := &http.Client{}
	defer client.CloseIdleConnections()

	now := time.Now()
	ts, sig := webhook.Sign(key, now, []byte(delivery))
	staleTS, staleSig := webhook.Sign(key, now.Add(-time.Hour), []byte(delivery))
	_, otherKeySig := webhook.Sign("another-key", now, []byte(delivery))
	tests := []struct {
		name           string
		method         string
		body           string
		timestamp, sig string
		status         int
		// seen is the line the handler prints, "" when it must not run.
		seen string
	}{
		{"signed", http.MethodPost, delivery, ts, sig, http.StatusNoContent,
			"event 01J0TEST00000000000000000AB: email opened for 42"},
		{"tampered body", http.MethodPost, strings.Replace(delivery, "opened", "clicked", 1), ts, sig, http.StatusUnauthorized, ""},
		{"tampered timestamp", http.MethodPost, delivery, strconv.FormatInt(now.Unix()+1, 10), sig, http.StatusUnauthorized, ""},
		{"signed with another key", http.MethodPost, delivery, ts, otherKeySig, http.StatusUnauthorized, ""},
		{"unsigned", http.MethodPost, delivery, "", "", http.StatusUnauthorized, ""},
		{"an hour old", http.MethodPost, delivery, staleTS, staleSig, http.StatusUnauthorized, ""},
		{"signed but not an event", http.MethodPost, `{"hello":"world"}`, ts, signature(key, ts, `{"hello":"world"}`), http.StatusBadRequest, ""},
		{"GET", http.MethodGet, "", ts, sig, http.StatusMethodNotAllowed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := strings.Count(s.out.String(), "\nevent ")
			req, err := http.NewRequestWithContext(t.Context(), tt.method, s.url, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.timestamp != "" {
				req.Header.Set(webhook.HeaderTimestamp, tt.timestamp)
				req.Header.Set(webhook.HeaderSignature, tt.sig)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			// The handler prints before it answers, so its line is there by now.
			got := s.out.String()
			switch {
			case tt.seen != "" && !strings.Contains(got, "\n"+tt.seen+"\n"):
				t.Errorf("handler did not report %q:\n%s", tt.seen, got)
			case tt.seen == "" && strings.Count(got, "\nevent ") != before:
				t.Errorf("a refused request reached the handler:\n%s", got)
			}
		})
	}

	s.shutdown(t)
	got := s.out.String()
	if strings.Contains(got, key) || strings.Contains(got, "demo") {
		t.Errorf("output shows the key or the demo notice:\n%s", got)
	}
}

// signature is the X-CIO-Signature of body at the timestamp ts.
func signature(key, ts, body string) string {
	sec, _ := strconv.ParseInt(ts, 10, 64)
	_, sig := webhook.Sign(key, time.Unix(sec, 0), []byte(body))
	return sig
}

func TestDemoKeyWhenUnset(t *testing.T) {
	s := start(t, func(string) string { return "" })
	s.shutdown(t)
	got := s.out.String()
	for _, want := range []string{
		"CUSTOMERIO_WEBHOOK_SIGNING_KEY is not set: using the demo signing key",
		"try: curl -i -H 'X-CIO-Timestamp: ",
		" " + s.url + "\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, demoSigningKey) {
		t.Errorf("output shows the demo key:\n%s", got)
	}
}

// TestDemoReceivesTheFakesWebhooks: without a signing key the program sends
// an email through the fake Customer.io, whose signed sent, delivered and
// opened events pass the signature check and are printed in order.
func TestDemoReceivesTheFakesWebhooks(t *testing.T) {
	s := start(t, func(string) string { return "" })
	s.out.waitFor(t, "event ", 3)
	s.shutdown(t)
	got := s.out.String()
	if !strings.Contains(got, "demo: sent email dlv_00000001 through a fake Customer.io") {
		t.Errorf("output lacks the demo send:\n%s", got)
	}
	var metrics []string
	for _, line := range strings.Split(got, "\n") {
		if rest, ok := strings.CutPrefix(line, "event "); ok {
			_, what, _ := strings.Cut(rest, ": ")
			metrics = append(metrics, what)
		}
	}
	want := []string{"email sent for demo-ada", "email delivered for demo-ada", "email opened for demo-ada"}
	if strings.Join(metrics, "|") != strings.Join(want, "|") {
		t.Errorf("events %q, want %q", metrics, want)
	}
	if strings.Contains(got, "failed") {
		t.Errorf("the demo reported a failure:\n%s", got)
	}
}

// TestDemoCurlDeliveryIsAccepted sends the delivery of the printed curl
// command, so the hint a newcomer copies really works.
func TestDemoCurlDeliveryIsAccepted(t *testing.T) {
	s := start(t, func(string) string { return "" })
	client := &http.Client{}
	defer client.CloseIdleConnections()

	line := s.out.String()
	_, line, _ = strings.Cut(line, "try: ")
	header := func(name string) string {
		_, v, _ := strings.Cut(line, "-H '"+name+": ")
		v, _, _ = strings.Cut(v, "'")
		return v
	}
	_, body, _ := strings.Cut(line, "--data '")
	body, _, _ = strings.Cut(body, "'")

	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(webhook.HeaderTimestamp, header(webhook.HeaderTimestamp))
	req.Header.Set(webhook.HeaderSignature, header(webhook.HeaderSignature))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("status %d, want 204", resp.StatusCode)
	}
	s.shutdown(t)
	if !strings.Contains(s.out.String(), "event 01J0DEMO0000000000000000000: email opened for ada@example.com\n") {
		t.Errorf("handler did not report the demo delivery:\n%s", s.out)
	}
}

func TestBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"unknown flag", []string{"-port", "80"}},
		{"unusable address", []string{"-addr", "127.0.0.1:notaport"}},
		{"extra argument", []string{"serve"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A cancelled context makes a run that wrongly starts serving stop at
			// once (and return nil) instead of serving forever.
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			var out bytes.Buffer
			if err := run(ctx, &out, func(string) string { return "k" }, tt.args); err == nil {
				t.Errorf("run(%q) = nil, want an error", tt.args)
			}
		})
	}
}
