package customerio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// Sentinels for the HTTP failures callers most often branch on. They match an
// *APIError through errors.Is:
//
//	if errors.Is(err, customerio.ErrNotFound) { … }
var (
	ErrUnauthorized = errors.New("customerio: unauthorized (401)")
	ErrForbidden    = errors.New("customerio: forbidden (403)")
	ErrNotFound     = errors.New("customerio: not found (404)")
	ErrRateLimited  = errors.New("customerio: rate limited (429)")
	ErrServerError  = errors.New("customerio: server error (5xx)")
)

// APIError is a non-2xx answer from Customer.io. It is the only error type for HTTP
// failures; match it with errors.As, or its class with errors.Is and the sentinels.
type APIError struct {
	// StatusCode is the HTTP status of the final attempt.
	StatusCode int
	// Method and URL name the request. URL never carries credentials.
	Method string
	URL    string
	// Message is the error text parsed from Customer.io's error body shapes
	// ({"meta":{"error":…}}, {"meta":{"errors":[…]}}, {"errors":[{…}]}), or empty.
	Message string
	// Details holds the structured entries of an {"errors":[{reason, field, message}]}
	// body, as Track v2 and Data Pipelines send them.
	Details []ErrorDetail
	// Body is the raw response body, capped at 64 KiB.
	Body []byte
	// RequestID is the X-Request-Id sent with the failing attempt.
	RequestID string
	// RetryAfter is the server's Retry-After, parsed from either form and capped;
	// zero when absent or unreadable.
	RetryAfter time.Duration
}

// ErrorDetail is one entry of a structured Customer.io error body.
type ErrorDetail struct {
	Reason  string `json:"reason,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message,omitempty"`
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "customerio: %s %s: %d %s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		const maxMessage = 300
		msg := e.Message
		if len(msg) > maxMessage {
			msg = msg[:maxMessage] + "…"
		}
		b.WriteString(": ")
		b.WriteString(msg)
	}
	return b.String()
}

// Is lets errors.Is match e against ErrUnauthorized, ErrForbidden, ErrNotFound,
// ErrRateLimited and ErrServerError.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServerError:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// TransportError is a request that got no HTTP response at all: the connection was
// refused or reset, TLS failed, or the per-attempt timeout (WithTimeout) passed.
// The cause of a caller's own cancelled or expired context is never wrapped in one:
// that error is returned as is.
type TransportError struct {
	Method string
	URL    string
	Err    error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("customerio: %s %s: %v", e.Method, e.URL, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// Timeout reports whether the attempt ran out of time.
func (e *TransportError) Timeout() bool {
	var ne net.Error
	return errors.Is(e.Err, context.DeadlineExceeded) || (errors.As(e.Err, &ne) && ne.Timeout())
}

// ValidationError is bad input, found before any network I/O. Nothing was sent.
type ValidationError struct {
	// Op names the call that refused the input, such as "track.Identify".
	Op string
	// Fields lists each problem, naming the field in JSON terms
	// ("identifiers.email", "batch[3]", "data.price").
	Fields []FieldError
}

// FieldError is one rejected field of a ValidationError.
type FieldError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("customerio: ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString("invalid input")
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		if f.Field != "" {
			b.WriteString(f.Field)
			b.WriteString(": ")
		}
		b.WriteString(f.Message)
	}
	return b.String()
}

// IsRetryable reports whether err is worth trying again: a transport failure
// (connection refused or reset, an attempt timeout that is not the caller's
// context), or HTTP 429, 502, 503 or 504. Every other error, HTTP 500 included, is
// not. This is exactly the classification of the Python library async-customerio:
// a 500 may have applied a side effect, so repeating it is left to the caller.
func IsRetryable(err error) bool {
	if err == nil {
		return false
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		return false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		switch ae.StatusCode {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	var te *TransportError
	if errors.As(err, &te) {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) ||
		errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.ErrUnexpectedEOF)
}
