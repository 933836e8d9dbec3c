package app

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/gocustomerio/customerio/internal/transport"
)

// doOp names Do in validation errors.
const doOp = "app.Client.Do"

// Do calls an App API route this package does not wrap, the same way the
// wrapped calls do: with the App API key as a Bearer token, body encoded once
// to JSON (time.Time values as Unix seconds) and the same bytes sent on every
// attempt, the client's retry strategy, and the same errors — a
// *customerio.APIError for a non-2xx answer, *customerio.TransportError when no
// answer arrived, and *customerio.DecodeError for a 2xx body that does not
// decode into out.
//
// method is GET, HEAD, POST, PUT, PATCH or DELETE. path starts with "/" and
// includes the version, as in "/v1/exports/42"; it is sent as given, so escape
// each segment yourself (url.PathEscape). A path with a "." or ".." segment,
// a "?" or "#", or spaces or control characters is refused: Do sends no query
// string. A nil body sends none; a nil out discards the answer, and a
// *json.RawMessage out receives it as is. Every problem with method or path is
// a *customerio.ValidationError, before any request.
//
// A POST or PATCH through Do is treated as not idempotent: retry strategies
// repeat it only when Customer.io cannot have acted on it (the request never
// reached it), unless the strategy is built with retry.RetryNonIdempotent.
// GET, HEAD, PUT and DELETE are repeated on any retryable failure. The
// X-Workspace-Id of WithWorkspaceID is sent on /v1/send/ routes, as by the
// transactional sends.
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	p := newProblems(doOp)
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		p.add("method", "must be GET, HEAD, POST, PUT, PATCH or DELETE")
	}
	checkDoPath(p, path)
	if err := p.err(); err != nil {
		return err
	}
	req := &transport.Request{Op: doOp, Method: method, Path: path, Body: body}
	if c.workspaceID != "" && strings.HasPrefix(path, "/v1/send/") {
		req.Header = http.Header{"X-Workspace-Id": {c.workspaceID}}
	}
	return c.api.DoJSON(ctx, req, out)
}

// checkDoPath records a path that could reach another route than the one it
// names once joined to the base URL: not rooted, carrying a query or fragment,
// or walking up with dot segments (escaped or not).
func checkDoPath(p *problems, path string) {
	const field = "path"
	switch {
	case !strings.HasPrefix(path, "/"):
		p.add(field, "must start with \"/\"")
		return
	case strings.ContainsAny(path, "?#"):
		p.add(field, "must not contain \"?\" or \"#\"; Do sends no query string")
		return
	case strings.ContainsFunc(path, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		p.add(field, "must not contain spaces or control characters; escape each segment")
		return
	}
	for _, seg := range strings.Split(path[1:], "/") {
		if s, err := url.PathUnescape(seg); err != nil {
			p.add(field, "has an invalid escape in segment %q", seg)
			return
		} else if s == "." || s == ".." {
			p.add(field, "must not contain \".\" or \"..\" segments")
			return
		}
	}
}
