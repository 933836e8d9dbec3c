package customerio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
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

// Error names the method and URL once: when Err is the *url.Error net/http
// returns, which names them again, only its cause is printed.
func (e *TransportError) Error() string {
	cause := e.Err
	if ue, ok := cause.(*url.Error); ok && ue.Err != nil {
		cause = ue.Err
	}
	return fmt.Sprintf("customerio: %s %s: %v", e.Method, e.URL, cause)
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
// not, nor are *DecodeError, *ResponseTooLargeError and *RedirectError. A 500
// may come after Customer.io applied the request, so the per-call strategies
// leave repeating it to the caller; the background queues, whose items carry
// de-duplication ids, retry every 5xx on their own.
func IsRetryable(err error) bool {
	if err == nil {
		return false
	}
	var (
		ve  *ValidationError
		de  *DecodeError
		rte *ResponseTooLargeError
		re  *RedirectError
	)
	if errors.As(err, &ve) || errors.As(err, &de) || errors.As(err, &rte) || errors.As(err, &re) {
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

// MaxResponseBytes caps the body of a 2xx answer the clients read: 32 MiB, far
// above anything Customer.io sends (its largest answers, export and list pages,
// are a few megabytes). A longer body is a *ResponseTooLargeError, read no
// further, so a misbehaving server or proxy cannot make a call allocate without
// bound.
const MaxResponseBytes = 32 << 20

// ResponseTooLargeError is a 2xx answer whose body is longer than
// MaxResponseBytes. The request may have been applied; it is not retryable.
type ResponseTooLargeError struct {
	Method     string
	URL        string
	StatusCode int
	// Limit is the cap that was exceeded, MaxResponseBytes.
	Limit int64
}

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("customerio: %s %s: the %d response body is longer than %d bytes", e.Method, e.URL, e.StatusCode, e.Limit)
}

// DecodeError is a 2xx answer whose body does not have the shape the route
// documents, such as a gateway's HTML page or a field of an unexpected type.
// Customer.io did handle the request, so it is not retryable. Every client
// reports an undecodable answer with this type.
type DecodeError struct {
	// Op names the call, such as "app.Segments.Get" or "track.Region".
	Op string
	// Method and URL name the request, when known. URL never carries
	// credentials.
	Method string
	URL    string
	// StatusCode is the 2xx status of the answer, when known.
	StatusCode int
	// Body is the response body, in full.
	Body []byte
	// Err is the decoding failure.
	Err error
}

func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("customerio: ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Method != "" || e.URL != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.URL)
	}
	b.WriteString("decoding the ")
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, "%d ", e.StatusCode)
	}
	fmt.Fprintf(&b, "response (%d bytes): %v", len(e.Body), e.Err)
	return b.String()
}

// Unwrap returns the decoding failure.
func (e *DecodeError) Unwrap() error { return e.Err }

// RedirectError is an answer that came from another request than the one sent:
// an *http.Client given with WithHTTPClient followed a redirect, which net/http
// does by default. A followed 301, 302 or 303 turns a POST into a body-less GET,
// so whatever the final answer said, the request as sent was not handled; the
// result is never counted a success. It is not retryable: the same client
// would follow the same redirect. Give a client whose CheckRedirect returns
// http.ErrUseLastResponse (as the default client does) to see the 3xx itself as
// an *APIError, or point WithBaseURL or WithRegion at the right host.
type RedirectError struct {
	// Method and URL name the request as sent.
	Method string
	URL    string
	// FinalMethod and FinalURL name the last request the client made, without
	// any user information.
	FinalMethod string
	FinalURL    string
	// StatusCode is the status of the final answer.
	StatusCode int
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("customerio: %s %s: redirected to %s %s (answered %d); the request as sent was not handled", e.Method, e.URL, e.FinalMethod, e.FinalURL, e.StatusCode)
}
