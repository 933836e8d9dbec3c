package track

import (
	"context"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
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
	req, err := transport.RawRequest("track.Do", method, path, body, out, customerio.MaxEntityBytes)
	if err != nil {
		return err
	}
	return c.api.DoJSON(ctx, req, out)
}
