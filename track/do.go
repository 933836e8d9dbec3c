package track

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// Do calls a Track API v1 route this package has no method for, through the same
// request path as every method: the client's credentials, base URL, HTTP client,
// retry strategy, per-attempt timeout and logger, and the same typed errors.
//
// method is one of GET, POST, PUT, PATCH or DELETE, in capitals (the methods
// Customer.io's APIs use). path is
// the route from the host on, such as "/api/v1/customers/42/devices", and is
// sent exactly as given: escape each segment yourself (url.PathEscape, and "+"
// as "%2B" so a plus is never read as a space), as an email, a device token or
// an id containing "/" would otherwise name another route. path carries no
// query and no fragment: the Track v1 routes that take query parameters
// (id_type on the manual-segment calls) have their own methods, so a "?" or a
// "#" in path is refused rather than guessed at.
//
// body, when not nil, is encoded once as JSON, with time.Time values as Unix
// seconds like every other call, and each attempt sends the same bytes; a
// json.RawMessage is sent as it is. The body is held to
// customerio.MaxEntityBytes, Customer.io's limit on a Track request. GET takes
// no body. out, when not nil, must be a non-nil pointer; a non-empty
// 2xx answer is decoded into it, and one that is not JSON of out's shape is a
// *customerio.DecodeError holding the body.
//
// GET, PUT and DELETE are treated as safe to repeat, so the ready retry
// strategies retry them after any retryable failure. POST and PATCH are not:
// they are retried only when Customer.io provably never acted on them (no
// connection was made, or it answered 429), unless the strategy was built with
// retry.RetryNonIdempotent.
//
// Another method, a path that is empty, does not start with "/", holds a "?",
// "#", a "." or ".." segment (escaped or not), a character that must be escaped
// in a path or a malformed %-escape, a body on GET, a body that cannot
// be encoded or is too large, or an out that is not a non-nil pointer is a
// *customerio.ValidationError, and nothing is sent. A non-2xx answer is a
// *customerio.APIError; a failure to reach Customer.io is a
// *customerio.TransportError.
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	const op = "track.Do"
	req := &transport.Request{Op: op, Method: method, Path: path, MaxBodyBytes: customerio.MaxEntityBytes}
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return validate.Field(op, "method", "must be GET, POST, PUT, PATCH or DELETE, not %q", method)
	}
	if err := checkDoPath(op, path); err != nil {
		return err
	}
	if body != nil {
		if method == http.MethodGet {
			return validate.Field(op, "body", "a %s request takes no body", method)
		}
		switch b := body.(type) {
		case json.RawMessage:
			if !json.Valid(b) {
				return validate.Field(op, "body", "is a json.RawMessage that is not valid JSON")
			}
			req.RawBody = b
		case []byte:
			return validate.Field(op, "body", "is a []byte, which JSON sends as base64; pass a json.RawMessage to send bytes as they are")
		default:
			req.Body = body
		}
	}
	if out != nil {
		if rv := reflect.ValueOf(out); rv.Kind() != reflect.Pointer || rv.IsNil() {
			return validate.Field(op, "out", "must be a non-nil pointer, not %T", out)
		}
	}
	return c.api.DoJSON(ctx, req, out)
}

// checkDoPath refuses a path Do cannot send as given.
func checkDoPath(op, path string) error {
	if !strings.HasPrefix(path, "/") {
		return validate.Field(op, "path", "must start with \"/\", not %q", path)
	}
	for i := 0; i < len(path); i++ {
		switch b := path[i]; {
		case b == '?' || b == '#':
			return validate.Field(op, "path", "must not hold a query or a fragment (%q); Do sends the path only", string(b))
		case b == '%':
			if i+2 >= len(path) || !isHex(path[i+1]) || !isHex(path[i+2]) {
				return validate.Field(op, "path", "has a malformed %%-escape at byte %d", i)
			}
		case !isPathChar(b):
			return validate.Field(op, "path", "holds %q at byte %d, which must be escaped (url.PathEscape each segment)", string(b), i)
		}
	}
	for _, seg := range strings.Split(path[1:], "/") {
		// %2E is ".", so "%2e%2E" is a dot segment a server may resolve too.
		if s := strings.ReplaceAll(strings.ToLower(seg), "%2e", "."); s == "." || s == ".." {
			return validate.Field(op, "path", "must not hold a %q segment", seg)
		}
	}
	return nil
}

// isPathChar reports whether b may appear unescaped in a path: RFC 3986's
// unreserved characters, sub-delimiters, ":", "@" and "/".
func isPathChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/", b) >= 0
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}
