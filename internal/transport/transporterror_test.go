package transport

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

type failingTransport struct{ err error }

func (f failingTransport) RoundTrip(*http.Request) (*http.Response, error) { return nil, f.err }

// TestTransportErrorNamesTheURLOnce pins that a failed exchange prints method
// and URL once, where net/http's *url.Error once repeated them, and that
// errors.Is and errors.As still reach the cause.
func TestTransportErrorNamesTheURLOnce(t *testing.T) {
	opErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, cause := range []error{io.ErrUnexpectedEOF, opErr, context.DeadlineExceeded} {
		s, err := settings.Resolve("", []customerio.Option{customerio.WithBaseURL("http://127.0.0.1:1"), customerio.WithHTTPClient(&http.Client{Transport: failingTransport{cause}})})
		if err != nil {
			t.Fatal(err)
		}
		_, err = New(s, settings.TrackAPI, Bearer("k")).Do(t.Context(), &Request{Method: http.MethodPut, Path: "/api/v1/customers/u"})
		var te *customerio.TransportError
		if !errors.As(err, &te) {
			t.Fatalf("err = %v, want a *TransportError", err)
		}
		if n := strings.Count(err.Error(), "127.0.0.1:1/api/v1/customers/u"); n != 1 {
			t.Errorf("%q names the URL %d times, want once", err, n)
		}
		if strings.Contains(strings.ToLower(err.Error()), `put "`) {
			t.Errorf("%q repeats the method", err)
		}
		if !errors.Is(err, cause) {
			t.Errorf("%v does not match its cause %v", err, cause)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			t.Errorf("%v still wraps a *url.Error", err)
		}
	}
	var ne *net.OpError
	te := &customerio.TransportError{Method: "GET", URL: "https://x/y", Err: &url.Error{Op: "Get", URL: "https://x/y", Err: opErr}}
	if strings.Count(te.Error(), "https://x/y") != 1 || !errors.As(te, &ne) {
		t.Errorf("a TransportError built around a *url.Error: %q", te)
	}
}
