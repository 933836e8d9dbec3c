package transport

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

// TestResponseBodiesAreDrained checks that every kind of answer, including error
// bodies larger than the kept cap, leaves the HTTP/1.1 connection reusable.
func TestResponseBodiesAreDrained(t *testing.T) {
	bodies := map[string]struct {
		status int
		body   string
	}{
		"/ok":        {200, `{"ok":true}`},
		"/empty":     {204, ""},
		"/error":     {400, `{"meta":{"errors":["bad"]}}`},
		"/big-error": {500, strings.Repeat("e", 100<<10)},
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := bodies[r.URL.Path]
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	}))
	var newConns atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			newConns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	s, err := settings.Resolve("", []customerio.Option{customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client())})
	if err != nil {
		t.Fatal(err)
	}
	c := New(s, settings.TrackAPI, Basic("s", "k"))
	for range 3 {
		for path := range bodies {
			_, _ = c.Do(t.Context(), &Request{Method: http.MethodGet, Path: path})
		}
	}
	if n := newConns.Load(); n != 1 {
		t.Errorf("%d connections opened for 12 sequential requests, want 1", n)
	}
}
