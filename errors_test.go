package customerio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"
)

func TestAPIErrorSentinelsAndRetryable(t *testing.T) {
	sentinels := []error{ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited, ErrServerError}
	tests := []struct {
		status    int
		matches   error // the one sentinel errors.Is must match, or nil
		retryable bool
	}{
		{301, nil, false},
		{302, nil, false},
		{400, nil, false},
		{401, ErrUnauthorized, false},
		{403, ErrForbidden, false},
		{404, ErrNotFound, false},
		{408, nil, false},
		{409, nil, false},
		{422, nil, false},
		{429, ErrRateLimited, true},
		{500, ErrServerError, false},
		{501, ErrServerError, false},
		{502, ErrServerError, true},
		{503, ErrServerError, true},
		{504, ErrServerError, true},
		{505, ErrServerError, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			var err error = fmt.Errorf("wrapped: %w", &APIError{StatusCode: tt.status, Method: "POST", URL: "https://track.customer.io/api/v2/batch"})
			for _, s := range sentinels {
				if got, want := errors.Is(err, s), s == tt.matches; got != want {
					t.Errorf("errors.Is(%d, %v) = %v, want %v", tt.status, s, got, want)
				}
			}
			if got := IsRetryable(err); got != tt.retryable {
				t.Errorf("IsRetryable(%d) = %v, want %v", tt.status, got, tt.retryable)
			}
		})
	}
}

func TestIsRetryableNonHTTP(t *testing.T) {
	refused := &url.Error{Op: "Post", URL: "https://x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"transport error", &TransportError{Method: "PUT", URL: "https://x", Err: refused}, true},
		{"attempt timeout", &TransportError{Method: "PUT", URL: "https://x", Err: context.DeadlineExceeded}, true},
		{"bare connection refused", refused, true},
		{"bare connection reset", fmt.Errorf("read: %w", syscall.ECONNRESET), true},
		{"unexpected EOF", io.ErrUnexpectedEOF, true},
		{"caller cancelled", context.Canceled, false},
		{"caller deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), false},
		{"validation", &ValidationError{Op: "track.Identify"}, false},
		{"plain error", errors.New("boom"), false},
	}
	for _, tt := range tests {
		if got := IsRetryable(tt.err); got != tt.want {
			t.Errorf("%s: IsRetryable = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestAPIErrorMessage(t *testing.T) {
	err := &APIError{StatusCode: 400, Method: "PUT", URL: "https://track.customer.io/api/v1/customers/42", Message: strings.Repeat("x", 400)}
	got := err.Error()
	if !strings.HasPrefix(got, "customerio: PUT https://track.customer.io/api/v1/customers/42: 400 Bad Request: xxx") {
		t.Errorf("Error() = %q", got)
	}
	if len(got) > 400 {
		t.Errorf("Error() is %d bytes; the message should be capped", len(got))
	}
	if got := (&APIError{StatusCode: 503, Method: "GET", URL: "u"}).Error(); got != "customerio: GET u: 503 Service Unavailable" {
		t.Errorf("Error() without message = %q", got)
	}
}

func TestTransportErrorTimeout(t *testing.T) {
	if !(&TransportError{Err: fmt.Errorf("x: %w", context.DeadlineExceeded)}).Timeout() {
		t.Error("a deadline is a timeout")
	}
	if (&TransportError{Err: syscall.ECONNREFUSED}).Timeout() {
		t.Error("connection refused is not a timeout")
	}
}

func TestValidationErrorMessage(t *testing.T) {
	err := &ValidationError{Op: "track.Identify", Fields: []FieldError{{Field: "id", Message: "must not be blank"}, {Message: "body too large"}}}
	want := "customerio: track.Identify: invalid input: id: must not be blank; body too large"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
