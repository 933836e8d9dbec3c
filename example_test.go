package customerio_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/track"
)

// requestLogger prints each request's method and path. It never prints headers:
// Authorization carries the credential.
type requestLogger struct{ next http.RoundTripper }

func (l requestLogger) RoundTrip(r *http.Request) (*http.Response, error) {
	fmt.Println(r.Method, r.URL.Path)
	return l.next.RoundTrip(r)
}

func ExampleWithMiddleware() {
	// A stand-in for Customer.io, so the example runs offline.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Request-Id", "req-1")
	}))
	defer srv.Close()

	c, err := track.New("site-id", "api-key",
		customerio.WithBaseURL(srv.URL),
		customerio.WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
			return requestLogger{next}
		}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := c.Delete(context.Background(), "42"); err != nil {
		fmt.Println(err)
	}
	// Output: DELETE /api/v1/customers/42
}

func ExampleWithResponse() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Request-Id", "req-1")
	}))
	defer srv.Close()

	c, err := track.New("site-id", "api-key", customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()))
	if err != nil {
		fmt.Println(err)
		return
	}
	var meta customerio.Response
	err = c.Delete(customerio.WithResponse(context.Background(), &meta), "42")
	fmt.Println(err, meta.StatusCode, meta.RequestID, meta.Attempts)
	// Output: <nil> 200 req-1 1
}
