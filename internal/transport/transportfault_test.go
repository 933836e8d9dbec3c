package transport

import (
	"errors"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
	"github.com/gocustomerio/customerio/retry"
)

// TestTransportFaultsAndNonIdempotentRetries injects transport failures below
// the request path and checks how a non-idempotent call (a transactional send)
// is treated: repeated only when the failure proves nothing reached Customer.io.
func TestTransportFaultsAndNonIdempotentRetries(t *testing.T) {
	tests := []struct {
		name     string
		fault    error
		attempts int
	}{
		{"connection refused while dialling", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, 3},
		{"host not found", &net.DNSError{Err: "no such host", Name: "api.customer.io", IsNotFound: true}, 3},
		{"connection reset after sending", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, 1},
		{"connection closed mid-answer", errors.New("http2: server sent GOAWAY and closed the connection"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mock := httpmock.NewMockTransport()
			mock.RegisterResponder(http.MethodPost, "https://api.customer.io/v1/send/email", httpmock.NewErrorResponder(tt.fault))
			s, err := settings.Resolve("", []customerio.Option{
				customerio.WithHTTPClient(&http.Client{Transport: mock}),
				customerio.WithRetry(retry.Exponential(retry.MaxAttempts(3), retry.Delays(time.Microsecond, time.Microsecond))),
			})
			if err != nil {
				t.Fatal(err)
			}
			c := New(s, settings.AppAPI, Bearer("k"))
			_, err = c.Do(t.Context(), &Request{Op: "app.SendEmail", Method: http.MethodPost, Path: "/v1/send/email", Body: map[string]any{"to": "a@b.com"}})
			var te *customerio.TransportError
			if !errors.As(err, &te) || !customerio.IsRetryable(err) {
				t.Fatalf("err = %v, want a retryable *TransportError", err)
			}
			if got := mock.GetTotalCallCount(); got != tt.attempts {
				t.Errorf("%d attempts, want %d", got, tt.attempts)
			}
		})
	}
}
