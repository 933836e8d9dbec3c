package trackv2

import (
	"context"
	"net/http"
	"reflect"
	"strings"

	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// doOp names Do in errors.
const doOp = "trackv2.Do"

// Do calls a Track API route this package has no method for, such as one
// Customer.io added after this release, through the same request path as the
// typed calls: the client's credentials, base URL, HTTP client, per-attempt
// timeout and retry strategy, with the same typed errors.
//
// method is one of GET, HEAD, POST, PUT, PATCH and DELETE. path starts with
// "/" and is sent as given after the checks: escape each segment yourself
// (url.PathEscape); it must not hold "..", a query ("?") or a fragment ("#"),
// nor spaces or control characters. body, when not nil, is encoded as JSON
// once, with time.Time values as Unix seconds, so that every attempt sends
// the same bytes; a json.RawMessage is sent as it is. GET and HEAD take no
// body. out, when not nil, must be a non-nil pointer; a non-empty 2xx answer
// is decoded into it, and one that does not decode is a
// *customerio.DecodeError holding the body.
//
// Bad input is a *customerio.ValidationError and nothing is sent. A non-2xx
// answer is a *customerio.APIError, no answer a *customerio.TransportError.
//
// GET, HEAD, PUT and DELETE are repeated by the retry strategy after a
// retryable failure. POST and PATCH are not, unless the failure proves
// Customer.io never acted on the request (a 429, a failed connection) or the
// strategy was built to repeat any request (retry.RetryNonIdempotent): Do
// cannot tell whether a route is safe to repeat, though every route of Track
// API v2 is, as Send and Batch know.
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	if err := checkDo(method, path, body, out); err != nil {
		return err
	}
	return c.t.DoJSON(ctx, &transport.Request{Op: doOp, Method: method, Path: path, Body: body}, out)
}

// checkDo refuses, before any I/O, a call Do cannot make as asked.
func checkDo(method, path string, body, out any) error {
	switch method {
	case http.MethodGet, http.MethodHead:
		if body != nil {
			return validate.Field(doOp, "body", "%s takes no body", method)
		}
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return validate.Field(doOp, "method", "must be one of: GET HEAD POST PUT PATCH DELETE, not %q", method)
	}
	switch {
	case !strings.HasPrefix(path, "/"):
		return validate.Field(doOp, "path", "must start with \"/\"")
	case strings.Contains(path, ".."):
		return validate.Field(doOp, "path", "must not contain \"..\"")
	case strings.ContainsAny(path, "?#"):
		return validate.Field(doOp, "path", "must not contain a query or a fragment (\"?\", \"#\")")
	case strings.ContainsFunc(path, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return validate.Field(doOp, "path", "must not contain spaces or control characters: escape each segment")
	}
	if out != nil {
		if rv := reflect.ValueOf(out); rv.Kind() != reflect.Pointer || rv.IsNil() {
			return validate.Field(doOp, "out", "must be nil or a non-nil pointer, not a %T", out)
		}
	}
	return nil
}
