package trackv2

import (
	"context"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// Do calls a Track API route this package has no method for, such as one
// Customer.io added after this release, through the same request path as the
// typed calls: the client's credentials, base URL, HTTP client, per-attempt
// timeout and retry strategy, with the same typed errors.
//
// method is one of GET, POST, PUT, PATCH and DELETE. path is the route from
// the host on, such as "/api/v2/entity", and is sent exactly as given: escape
// each segment yourself (url.PathEscape, and "+" as "%2B"). It carries no
// query and no fragment, and no "." or ".." segment, escaped or not. body,
// when not nil, is encoded as JSON once, with time.Time values as Unix
// seconds, so that every attempt sends the same bytes; a json.RawMessage is
// sent as it is, and the body is held to customerio.MaxBatchBytes. GET takes
// no body. out, when not nil, must be a non-nil pointer; a non-empty 2xx
// answer is decoded into it, and one that does not decode is a
// *customerio.DecodeError holding the body.
//
// Bad input is a *customerio.ValidationError and nothing is sent. A non-2xx
// answer is a *customerio.APIError, no answer a *customerio.TransportError.
//
// GET, PUT and DELETE are repeated by the retry strategy after a retryable
// failure. POST and PATCH are not, unless the failure proves Customer.io never
// acted on the request (a 429, a failed connection) or the strategy was built
// to repeat any request (retry.RetryNonIdempotent): Do cannot tell whether a
// route is safe to repeat.
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	req, err := transport.RawRequest("trackv2.Do", method, path, body, out, customerio.MaxBatchBytes)
	if err != nil {
		return err
	}
	return c.t.DoJSON(ctx, req, out)
}
