package transport

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/ids"
	"github.com/gocustomerio/customerio/internal/validate"
	"github.com/gocustomerio/customerio/retry"
)

// Credentials is a precomputed Authorization header value. Its String and
// GoString hide it, so printing one cannot leak a key.
type Credentials struct{ header string }

// Basic is HTTP Basic credentials: Track uses site id and API key, Data Pipelines
// the write key and an empty password.
func Basic(user, password string) Credentials {
	return Credentials{"Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))}
}

// Bearer is a bearer token, as the App API takes its key.
func Bearer(token string) Credentials { return Credentials{"Bearer " + token} }

func (Credentials) String() string   { return "[redacted]" }
func (Credentials) GoString() string { return "[redacted]" }

// Client sends requests to one Customer.io API. It is immutable and safe for
// concurrent use.
type Client struct {
	http      *http.Client
	base      string
	creds     Credentials
	userAgent string
	retry     customerio.RetryStrategy
	timeout   time.Duration
	logger    *slog.Logger
}

// New returns a Client for api configured by s, authenticating with creds.
func New(s customerio.Settings, api customerio.API, creds Credentials) *Client {
	c := &Client{
		http:      s.HTTPClient,
		base:      s.BaseURLFor(api),
		creds:     creds,
		userAgent: s.UserAgent,
		retry:     s.Retry,
		timeout:   s.Timeout,
		logger:    s.Logger,
	}
	if c.http == nil {
		c.http = DefaultHTTPClient()
	}
	if c.userAgent == "" {
		c.userAgent = customerio.UserAgent()
	}
	if c.retry == nil {
		c.retry = retry.None()
	}
	return c
}

// BaseURL is where this client's requests go.
func (c *Client) BaseURL() string { return c.base }

// String names the client without its credentials.
func (c *Client) String() string { return "transport.Client{" + c.base + "}" }

// Request is one call to make.
type Request struct {
	// Op names the public call, for validation errors ("track.Identify").
	Op     string
	Method string
	// Path is already escaped (see Path and Escape) and starts with "/".
	Path  string
	Query url.Values
	// Body is encoded with Encode; nil sends no body at all. RawBody, when not
	// nil, is sent as is instead.
	Body    any
	RawBody []byte
	// MaxBodyBytes, when positive, refuses a larger body before any I/O.
	MaxBodyBytes int
	// Idempotent marks a POST as safe to repeat (it carries a de-duplication id,
	// or repeating it changes nothing). GET, PUT and DELETE always are.
	Idempotent bool
	// Header adds headers to every attempt.
	Header http.Header
}

// Response is a 2xx answer, its body read in full.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// Do sends req through the retry strategy and returns the 2xx response, or a
// *customerio.ValidationError (nothing sent), *customerio.APIError,
// *customerio.TransportError, or the caller's ctx error.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	body := req.RawBody
	if body == nil && req.Body != nil {
		var err error
		if body, err = Encode(req.Op, req.Body); err != nil {
			return nil, err
		}
	}
	if req.MaxBodyBytes > 0 && len(body) > req.MaxBodyBytes {
		return nil, validate.Field(req.Op, "", "the request body is %d bytes; Customer.io accepts at most %d", len(body), req.MaxBodyBytes)
	}
	target := c.base + req.Path
	if len(req.Query) > 0 {
		target += "?" + req.Query.Encode()
	}
	call := customerio.Call{Method: req.Method, Path: req.Path, Idempotent: req.Idempotent || idempotentMethod(req.Method)}
	var resp *Response
	err := c.retry.Do(ctx, call, func(actx context.Context) error {
		r, err := c.attempt(ctx, actx, req, target, body)
		if err == nil {
			resp = r
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// DoJSON is Do, then decodes a non-empty body into out (when out is not nil).
func (c *Client) DoJSON(ctx context.Context, req *Request, out any) error {
	resp, err := c.Do(ctx, req)
	if err != nil || out == nil || len(bytes.TrimSpace(resp.Body)) == 0 {
		return err
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("customerio: %s %s: decoding the %d response: %w", req.Method, c.base+req.Path, resp.StatusCode, err)
	}
	return nil
}

func idempotentMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// attempt makes one HTTP exchange. callerCtx is the caller's context; actx is the
// strategy's per-call context, bounded here by the per-attempt timeout.
func (c *Client) attempt(callerCtx, actx context.Context, req *Request, target string, body []byte) (*Response, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(actx, c.timeout)
		defer cancel()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	hreq, err := http.NewRequestWithContext(actx, req.Method, target, rd)
	if err != nil {
		return nil, validate.Field(req.Op, "", "cannot build the request: %v", err)
	}
	requestID := ids.UUID()
	h := hreq.Header
	for k, vs := range req.Header {
		h[k] = vs
	}
	if body != nil {
		h["Content-Type"] = jsonContentType
	}
	h["Authorization"] = []string{c.creds.header}
	h["User-Agent"] = []string{c.userAgent}
	h["X-Request-Id"] = []string{requestID}
	start := time.Now()
	h["X-Timestamp"] = []string{start.UTC().Format("2006-01-02T15:04:05.000000Z07:00")}

	hresp, err := c.http.Do(hreq)
	if err != nil {
		c.log(callerCtx, req, 0, start, requestID, err)
		if cerr := callerCtx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, &customerio.TransportError{Method: req.Method, URL: target, Err: err}
	}
	defer hresp.Body.Close()

	if hresp.StatusCode >= 200 && hresp.StatusCode <= 299 {
		data, err := readAll(hresp)
		if err != nil {
			c.log(callerCtx, req, hresp.StatusCode, start, requestID, err)
			if cerr := callerCtx.Err(); cerr != nil {
				return nil, cerr
			}
			return nil, &customerio.TransportError{Method: req.Method, URL: target, Err: err}
		}
		c.log(callerCtx, req, hresp.StatusCode, start, requestID, nil)
		return &Response{StatusCode: hresp.StatusCode, Header: hresp.Header, Body: data}, nil
	}
	data, _ := io.ReadAll(io.LimitReader(hresp.Body, maxErrorBody))
	// Drain a little more so an HTTP/1.1 connection can be reused; past that,
	// closing is cheaper than reading.
	_, _ = io.CopyN(io.Discard, hresp.Body, 256<<10)
	apiErr := newAPIError(req.Method, target, requestID, hresp, data, time.Now())
	c.log(callerCtx, req, hresp.StatusCode, start, requestID, nil)
	return nil, apiErr
}

var jsonContentType = []string{"application/json"}

// readAll reads a success body in full, sized by Content-Length when known.
func readAll(resp *http.Response) ([]byte, error) {
	if resp.ContentLength == 0 {
		return nil, nil
	}
	if resp.ContentLength > 0 && resp.ContentLength < 64<<20 {
		buf := make([]byte, resp.ContentLength)
		n, err := io.ReadFull(resp.Body, buf)
		if err != nil {
			return nil, err
		}
		return buf[:n], nil
	}
	return io.ReadAll(resp.Body)
}

func (c *Client) log(ctx context.Context, req *Request, status int, start time.Time, requestID string, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", req.Path),
		slog.Int("status", status),
		slog.Duration("duration", time.Since(start)),
		slog.String("request_id", requestID),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "customerio request", attrs...)
}
