package app

import (
	"context"
	"net/http"
	"strings"

	"github.com/gocustomerio/customerio/internal/transport"
)

// Do calls an App API route this package does not wrap, the same way the
// wrapped calls do: with the App API key as a Bearer token, body encoded once
// to JSON (time.Time values as Unix seconds) and the same bytes sent on every
// attempt, the client's retry strategy, and the same errors: a
// *customerio.APIError for a non-2xx answer, *customerio.TransportError when no
// answer arrived, and *customerio.DecodeError for a 2xx body that does not
// decode into out.
//
// method is GET, POST, PUT, PATCH or DELETE. path starts with "/" and includes
// the version, as in "/v1/exports/42"; it is sent exactly as given, so escape
// each segment yourself (url.PathEscape, and "+" as "%2B"). It carries no
// query and no fragment, and no "." or ".." segment, escaped or not. GET takes
// no body; a json.RawMessage body is sent as it is. out, when not nil, must be
// a non-nil pointer; a *json.RawMessage receives the answer as is. Every
// problem is a *customerio.ValidationError, before any request.
//
// A POST or PATCH through Do is treated as not idempotent: retry strategies
// repeat it only when Customer.io cannot have acted on it, unless the strategy
// is built with retry.RetryNonIdempotent. GET, PUT and DELETE are repeated on
// any retryable failure. The X-Workspace-Id of WithWorkspaceID is sent on
// /v1/send/ routes, as by the transactional sends.
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	req, err := transport.RawRequest("app.Client.Do", method, path, body, out, 0)
	if err != nil {
		return err
	}
	if c.workspaceID != "" && strings.HasPrefix(path, "/v1/send/") {
		req.Header = http.Header{"X-Workspace-Id": {c.workspaceID}}
	}
	return c.api.DoJSON(ctx, req, out)
}
