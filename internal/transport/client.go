package transport

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/ids"
	"github.com/gocustomerio/customerio/internal/settings"
	"github.com/gocustomerio/customerio/internal/validate"
	"github.com/gocustomerio/customerio/retry"
)

// Credentials is a precomputed Authorization header value. It sits behind a
// pointer, and String and GoString hide it, so fmt prints no key at any depth.
type Credentials struct{ header *string }

// Basic is HTTP Basic credentials: Track uses site id and API key, Data Pipelines
// the write key and an empty password.
func Basic(user, password string) Credentials {
	h := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
	return Credentials{&h}
}

// Bearer is a bearer token, as the App API takes its key.
func Bearer(token string) Credentials {
	h := "Bearer " + token
	return Credentials{&h}
}

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

// New returns a Client for api configured by s, authenticating with creds. The
// HTTP client it sends through, with s.Middleware applied, is built here once.
func New(s settings.Settings, api settings.API, creds Credentials) *Client {
	c := &Client{
		http:      withMiddleware(s.HTTPClient, s.Middleware),
		base:      s.BaseURLFor(api),
		creds:     creds,
		userAgent: s.UserAgent,
		timeout:   s.Timeout,
		logger:    s.Logger,
	}
	if c.userAgent == "" {
		c.userAgent = customerio.UserAgent()
	}
	// The root package's WithRetry takes a customerio.RetryStrategy, so nothing
	// else can be stored here.
	c.retry, _ = s.Retry.(customerio.RetryStrategy)
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
	// BodyReader, when not nil, streams the body instead (a file upload):
	// exactly ContentLength bytes of type ContentType are read from it while
	// they are sent, so the body is never held in memory. A reader cannot be
	// read twice, so such a request is sent once, outside the retry strategy:
	// any failure, a 429 included, is returned to the caller.
	BodyReader    io.Reader
	ContentLength int64
	ContentType   string
	// Release, when set with RawBody, is called once nothing reads RawBody any
	// more: Do has returned and net/http has closed every body it was given.
	// Only then may the caller reuse RawBody's buffer. A RoundTripper that
	// never closes a body means Release is never called.
	Release func()
	// MaxBodyBytes, when positive, refuses a larger body before any I/O.
	MaxBodyBytes int
	// Idempotent marks a POST as safe to repeat (it carries a de-duplication id,
	// or repeating it changes nothing). GET, PUT and DELETE are, unless
	// NotIdempotent says otherwise.
	Idempotent bool
	// NotIdempotent marks a request the retry strategies must treat as unsafe to
	// repeat whatever its method, as they treat a POST: repeated only when
	// Customer.io cannot have acted on it, or with retry.RetryNonIdempotent. It is
	// for a DELETE or PUT whose repeat could undo what happened in between (the
	// removal of an ESP suppression, say). It wins over Idempotent.
	NotIdempotent bool
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
	meta, timeout, err := c.callOptions(ctx, req.Op)
	if err != nil {
		return nil, err
	}
	body := req.RawBody
	if body == nil && req.Body != nil {
		if body, err = Encode(req.Op, req.Body); err != nil {
			return nil, err
		}
	}
	if req.MaxBodyBytes > 0 && len(body) > req.MaxBodyBytes {
		return nil, validate.Field(req.Op, "", "the request body is %d bytes; Customer.io accepts at most %d", len(body), req.MaxBodyBytes)
	}
	if req.BodyReader != nil && req.MaxBodyBytes > 0 && req.ContentLength > int64(req.MaxBodyBytes) {
		return nil, validate.Field(req.Op, "", "the request body is %d bytes; Customer.io accepts at most %d", req.ContentLength, req.MaxBodyBytes)
	}
	target := c.base + req.Path
	if len(req.Query) > 0 {
		target += "?" + req.Query.Encode()
	}
	call := customerio.Call{Method: req.Method, Path: req.Path, Idempotent: !req.NotIdempotent && (req.Idempotent || idempotentMethod(req.Method))}
	ex := &exchange{c: c, callerCtx: ctx, req: req, target: target, body: body, timeout: timeout}
	if len(body) > 0 {
		ex.lease = newBodyLease(body, req.Release)
		defer ex.lease.done()
	}
	if req.BodyReader != nil {
		err = ex.attempt(ctx)
	} else {
		err = c.retry.Do(ctx, call, ex.attempt)
	}
	if meta != nil {
		*meta = customerio.Response{StatusCode: ex.status, Header: ex.header, RequestID: ex.requestID, Attempts: ex.attempts}
	}
	if err != nil {
		return nil, err
	}
	return &ex.resp, nil
}

// callOptions reads what the caller's context asks of this call alone (see
// customerio.WithResponse and customerio.WithAttemptTimeout). meta, when not nil,
// is reset, so that a refused call leaves no earlier call's answer in it.
func (c *Client) callOptions(ctx context.Context, op string) (meta *customerio.Response, timeout time.Duration, err error) {
	meta, _ = ctx.Value(settings.ResponseKey{}).(*customerio.Response)
	if meta != nil {
		*meta = customerio.Response{}
	}
	timeout = c.timeout
	if d, ok := ctx.Value(settings.AttemptTimeoutKey{}).(time.Duration); ok {
		if d < 0 {
			return meta, 0, validate.Field(op, "", "the attempt timeout (customerio.WithAttemptTimeout) must not be negative")
		}
		timeout = d
	}
	return meta, timeout, nil
}

// exchange is one call's state across its attempts, allocated once per call.
type exchange struct {
	c         *Client
	callerCtx context.Context
	req       *Request
	target    string
	body      []byte
	// lease hands out the attempts' readers of body, and gives RawBody's
	// buffer back through Request.Release; nil without a body.
	lease   *bodyLease
	timeout time.Duration
	resp    Response
	// What the latest attempt got, for customerio.WithResponse.
	attempts  int
	status    int
	header    http.Header
	requestID string
}

// DoJSON is Do, then decodes a non-empty body into out (when out is not nil); a
// body that does not decode is a *customerio.DecodeError.
func (c *Client) DoJSON(ctx context.Context, req *Request, out any) error {
	resp, err := c.Do(ctx, req)
	if err != nil || out == nil || len(bytes.TrimSpace(resp.Body)) == 0 {
		return err
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return &customerio.DecodeError{Op: req.Op, Method: req.Method, URL: c.base + req.Path, StatusCode: resp.StatusCode, Body: resp.Body, Err: err}
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

// attempt makes one HTTP exchange. actx is the strategy's context for the call,
// bounded here by the per-attempt timeout; ex.callerCtx tells the caller's own
// cancellation apart from an attempt timeout.
func (ex *exchange) attempt(actx context.Context) error {
	c, req := ex.c, ex.req
	if ex.timeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(actx, ex.timeout)
		defer cancel()
	}
	var rd io.Reader
	if req.BodyReader != nil {
		// Wrapped, so that net/http neither sniffs a length from the reader's
		// type nor closes the caller's reader.
		rd = struct{ io.Reader }{req.BodyReader}
	}
	hreq, err := http.NewRequestWithContext(actx, req.Method, ex.target, rd)
	if err != nil {
		return validate.Field(req.Op, "", "cannot build the request: %v", err)
	}
	switch {
	case req.BodyReader != nil:
		hreq.ContentLength = req.ContentLength
	case ex.lease != nil:
		hreq.Body = ex.lease.reader()
		hreq.GetBody = func() (io.ReadCloser, error) { return ex.lease.reader(), nil }
		hreq.ContentLength = int64(len(ex.body))
	}
	start := time.Now()
	requestID, timestamp := attemptIDs(start)
	h := hreq.Header
	for k, vs := range req.Header {
		h[k] = vs
	}
	switch {
	case req.BodyReader != nil:
		h["Content-Type"] = []string{req.ContentType}
	case ex.body != nil:
		h["Content-Type"] = jsonContentType
	}
	// One backing array for the four per-attempt header values.
	vals := [...]string{*c.creds.header, c.userAgent, requestID, timestamp}
	hv := vals[:]
	h["Authorization"] = hv[0:1:1]
	h["User-Agent"] = hv[1:2:2]
	h["X-Request-Id"] = hv[2:3:3]
	h["X-Timestamp"] = hv[3:4:4]

	ex.attempts++
	ex.status, ex.header, ex.requestID = 0, nil, requestID
	hresp, err := c.http.Do(hreq)
	if err != nil {
		c.log(ex.callerCtx, req, 0, start, requestID, err)
		if cerr := ex.callerCtx.Err(); cerr != nil {
			return cerr
		}
		return &customerio.TransportError{Method: req.Method, URL: ex.target, Err: unwrapURLError(err)}
	}
	defer hresp.Body.Close()
	ex.status, ex.header = hresp.StatusCode, hresp.Header
	if id := hresp.Header.Get("X-Request-Id"); id != "" {
		ex.requestID = id
	}

	if final := hresp.Request; final != nil && final != hreq && final.Response != nil {
		// The caller's http.Client followed a redirect (net/http sets Response
		// only on a request it made for one): the answer is not to the
		// request as sent (a POST may have become a body-less GET).
		c.log(ex.callerCtx, req, hresp.StatusCode, start, requestID, nil)
		return &customerio.RedirectError{Method: req.Method, URL: ex.target, FinalMethod: final.Method, FinalURL: final.URL.Redacted(), StatusCode: hresp.StatusCode}
	}
	if hresp.StatusCode >= 200 && hresp.StatusCode <= 299 {
		data, err := readBody(hresp.Body, hresp.ContentLength, customerio.MaxResponseBytes)
		if err == errTooLarge {
			c.log(ex.callerCtx, req, hresp.StatusCode, start, requestID, err)
			return &customerio.ResponseTooLargeError{Method: req.Method, URL: ex.target, StatusCode: hresp.StatusCode, Limit: customerio.MaxResponseBytes}
		}
		if err != nil {
			c.log(ex.callerCtx, req, hresp.StatusCode, start, requestID, err)
			if cerr := ex.callerCtx.Err(); cerr != nil {
				return cerr
			}
			return &customerio.TransportError{Method: req.Method, URL: ex.target, Err: unwrapURLError(err)}
		}
		c.log(ex.callerCtx, req, hresp.StatusCode, start, requestID, nil)
		ex.resp = Response{StatusCode: hresp.StatusCode, Header: hresp.Header, Body: data}
		return nil
	}
	data, _ := io.ReadAll(io.LimitReader(hresp.Body, maxErrorBody))
	// Drain a little more so an HTTP/1.1 connection can be reused; past that,
	// closing is cheaper than reading.
	_, _ = io.CopyN(io.Discard, hresp.Body, 256<<10)
	c.log(ex.callerCtx, req, hresp.StatusCode, start, requestID, nil)
	return newAPIError(req.Method, ex.target, requestID, hresp, data, time.Now())
}

// attemptIDs returns a fresh X-Request-Id (UUID v4) and the X-Timestamp for an
// attempt started at t, cut from a single string allocation.
func attemptIDs(t time.Time) (requestID, timestamp string) {
	const layout = "2006-01-02T15:04:05.000000Z07:00"
	var buf [36 + len(layout) + 8]byte
	b := ids.AppendUUID(buf[:0])
	b = t.UTC().AppendFormat(b, layout)
	s := string(b)
	return s[:36], s[36:]
}

var jsonContentType = []string{"application/json"}

// unwrapURLError returns the cause of the *url.Error net/http wraps every
// failure in: a TransportError names the method and URL itself, and errors.Is and
// errors.As still reach the cause (net errors, context errors,
// io.ErrUnexpectedEOF).
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok && ue.Err != nil {
		return ue.Err
	}
	return err
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
