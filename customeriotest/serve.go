package customeriotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// exchange is one request being handled and the answer it builds. Handlers
// write the answer into it; serve sends it (or discards it, for
// Rule.AfterApply).
type exchange struct {
	r      *http.Request
	route  *route
	params map[string]string
	query  url.Values
	body   []byte

	status int
	header http.Header
	out    []byte
}

// reply answers status with v encoded as JSON; a nil v sends no body.
func (x *exchange) reply(status int, v any) {
	x.status = status
	x.out = nil
	if v == nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		x.status = http.StatusInternalServerError
		b = []byte(`{"meta":{"error":"the fake could not encode its answer"}}`)
	}
	x.header.Set("Content-Type", "application/json")
	x.out = b
}

// ok answers 200 with v.
func (x *exchange) ok(v any) { x.reply(http.StatusOK, v) }

// okEmpty answers 200 with {}.
func (x *exchange) okEmpty() { x.reply(http.StatusOK, struct{}{}) }

// fail answers status with problems in the route's error shape.
func (x *exchange) fail(status int, problems ...problem) {
	shape := shapeMetaError
	if x.route != nil {
		shape = x.route.shape
	}
	x.reply(status, errorBody(shape, problems))
}

// failText answers status with one message and no field.
func (x *exchange) failText(status int, msg string) {
	x.fail(status, problem{Reason: reasonInvalid, Message: msg})
}

// object decodes the JSON object body, answering 400 when it is not one.
func (x *exchange) object() (map[string]any, bool) {
	m, err := decodeObject(x.body)
	if err != nil {
		x.failText(http.StatusBadRequest, err.Error())
		return nil, false
	}
	return m, true
}

// abort ends the request without an answer: a reset HTTP/2 stream or a closed
// HTTP/1 connection. The server recovers this panic and logs nothing.
func abort() { panic(http.ErrAbortHandler) }

// serve is the server's one handler: record, script faults, route, check
// credentials and content type, apply.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	entry := s.log.begin(r, s.cfg.now())
	status := 0
	defer func() { s.log.finish(entry, status) }()

	segs, pathOK := splitPath(r.URL.EscapedPath())
	var m routeMatch
	if pathOK {
		m = lookupRoute(s.table, r.Method, segs)
	}
	body, bodyErr := readBody(r)
	s.log.setBody(entry, body)
	if bodyErr != nil && !errors.Is(bodyErr, errBadGzip) {
		abort() // the client went away mid-body
	}
	if s.cfg.onRequest != nil {
		s.cfg.onRequest(s.log.get(entry))
	}

	latency, rule, _ := s.faults.take(r.Method, segs)
	if !s.wait(r.Context(), latency+rule.Delay) {
		abort()
	}

	query := r.URL.Query()
	newExchange := func() *exchange {
		return &exchange{r: r, route: m.route, params: m.params, query: query, body: body, header: http.Header{}}
	}
	x := newExchange()
	if rule.AfterApply {
		s.handle(x, m, bodyErr) // applied; its answer is replaced below
		x = newExchange()
	}
	switch {
	case rule.Drop:
		abort()
	case rule.Handler != nil:
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		rule.Handler(rec, r)
		status = rec.status
		return
	case rule.Status != 0:
		x.scripted(rule)
	default:
		s.handle(x, m, bodyErr)
	}
	for k, vs := range x.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(x.status)
	if len(x.out) > 0 && x.status != http.StatusNoContent {
		_, _ = w.Write(x.out)
	}
	status = x.status
}

// handle runs the checks every route shares, then the route itself.
func (s *Server) handle(x *exchange, m routeMatch, bodyErr error) {
	switch {
	case m.route == nil && len(m.allowed) > 0:
		x.header.Set("Allow", strings.Join(m.allowed, ", "))
		x.failText(http.StatusMethodNotAllowed, "method "+x.r.Method+" is not allowed on "+x.r.URL.EscapedPath())
	case m.route == nil:
		// A route the fake does not know is no missing resource: a 404 would
		// pass a caller's not-found branch for the wrong reason.
		path := x.r.URL.EscapedPath()
		x.reply(http.StatusNotImplemented, errorBody(unknownShape(path), []problem{{
			Reason:  reasonNotImplemented,
			Message: "the fake does not implement " + x.r.Method + " " + path,
		}}))
	case !s.authorized(m.route.auth, x.r):
		x.failText(http.StatusUnauthorized, "unauthorized: missing or wrong credentials")
	case bodyErr != nil:
		x.failText(http.StatusBadRequest, bodyErr.Error())
	case len(x.body) > 0 && !m.route.form && x.r.Header.Get("Content-Type") != "application/json":
		x.failText(http.StatusBadRequest, "Non-JSON content type")
	default:
		m.route.handle(x)
	}
}

// scripted answers with a Rule's Status, Body and RetryAfter.
func (x *exchange) scripted(rule Rule) {
	status := rule.Status
	if status < 100 || status > 999 {
		status = http.StatusInternalServerError
	}
	if rule.RetryAfter > 0 {
		x.header.Set("Retry-After", strconv.Itoa(int(math.Ceil(rule.RetryAfter.Seconds()))))
	}
	switch {
	case rule.Body != nil:
		x.status = status
		x.out = rule.Body
		if json.Valid(rule.Body) {
			x.header.Set("Content-Type", "application/json")
		} else {
			x.header.Set("Content-Type", "text/plain; charset=utf-8")
		}
	case status < 400:
		x.reply(status, struct{}{})
	case status == http.StatusTooManyRequests && x.route != nil && x.route.auth == authApp:
		x.failText(status, "over the 10-per-second limit")
	default:
		x.failText(status, faultMessage)
	}
}

// statusWriter remembers the status a Rule.Handler answered.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
