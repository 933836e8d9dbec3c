package pipelines_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// lockedBuffer is a log sink safe for the uploaders' concurrent writes.
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

// TestKeyNeverLeaks runs every failure path with the sentinel key and checks
// that neither the key nor its Basic encoding appears in a formatted client,
// an error or a log record.
func TestKeyNeverLeaks(t *testing.T) {
	secrets := []string{testKey, base64.StdEncoding.EncodeToString([]byte(testKey + ":"))}
	var texts []string
	check := func(what, s string) {
		t.Helper()
		texts = append(texts, s)
		for _, secret := range secrets {
			if strings.Contains(s, secret) {
				t.Errorf("%s shows the write key: %s", what, s)
			}
		}
	}
	logs := &lockedBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	srv := serve(t, newRecorder(t, func(n int, _ received, w http.ResponseWriter) {
		w.WriteHeader([]int{http.StatusUnauthorized, http.StatusBadRequest, http.StatusInternalServerError}[n%3])
	}))
	c := newClient(t, customerio.WithBaseURL(srv.URL), customerio.WithLogger(logger), pipelines.WithQueue(customerio.QueueConfig{MaxBatchItems: 1}))
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%q", "%x"} {
		check("fmt "+verb, fmt.Sprintf(verb, c))
	}

	// Errors from New, validation, the API and the transport.
	_, err := pipelines.New(testKey, customerio.WithBaseURL("https://user:"+testKey+"@x"))
	check("New error", fmt.Sprint(err))
	_, err = pipelines.New(testKey + ":x")
	check("New error", fmt.Sprint(err))
	check("validation error", fmt.Sprint(c.Track(t.Context(), pipelines.Track{UserID: "1"})))
	for range 3 {
		check("API error", fmt.Sprint(c.Send(t.Context(), pipelines.Track{UserID: "1", Event: "e"})))
	}
	// Queued messages fail without OnFailure: they are logged.
	for range 3 {
		if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: "e"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	err = c.Send(t.Context(), pipelines.Track{UserID: "1", Event: "e"})
	var te *customerio.TransportError
	if !errors.As(err, &te) {
		t.Errorf("Send to a closed server: %v, want a *customerio.TransportError", err)
	}
	check("transport error", fmt.Sprint(err))

	check("logs", logs.String())
	if !strings.Contains(logs.String(), "items failed") {
		t.Errorf("the failed batch was not logged:\n%s", logs.String())
	}
	for _, want := range []string{"401", "400", "500"} {
		if !strings.Contains(strings.Join(texts, "\n"), want) {
			t.Errorf("no failure mentioned %q; the paths were not all exercised", want)
		}
	}
}
