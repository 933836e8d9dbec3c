package app

import (
	"bytes"
	"context"
	"encoding/json"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// fetchBody sends req, once p has found no problem with the input, and returns the
// answer's body.
func fetchBody(ctx context.Context, api *transport.Client, p *problems, req *transport.Request) ([]byte, error) {
	if err := p.err(); err != nil {
		return nil, err
	}
	req.Op = p.op
	resp, err := api.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// fetch sends req, once p has found no problem with the input, and decodes the
// JSON value Customer.io wraps under key into a T; an empty key decodes the whole
// body. An empty body, a missing key or a null value give the zero T, so a route
// answering 204 yields the zero result. A json.RawMessage T with an empty key is
// the body exactly as received.
func fetch[T any](ctx context.Context, api *transport.Client, p *problems, req *transport.Request, key string) (T, error) {
	var out T
	body, err := fetchBody(ctx, api, p, req)
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return out, err
	}
	if raw, ok := any(&out).(*json.RawMessage); ok && key == "" {
		*raw = body
		return out, nil
	}
	value := json.RawMessage(body)
	if key != "" {
		wire, err := wrapper(p.op, body)
		if err != nil {
			return out, err
		}
		value = wire[key]
	}
	return out, unmarshal(p.op, body, value, &out)
}

// wrapper splits a JSON object body into its top-level keys.
func wrapper(op string, body []byte) (map[string]json.RawMessage, error) {
	var wire map[string]json.RawMessage
	if len(bytes.TrimSpace(body)) == 0 {
		return wire, nil
	}
	return wire, unmarshal(op, body, body, &wire)
}

// unmarshal decodes value, a part of body, into out; an absent value leaves out
// as it is. A failure is a *customerio.DecodeError carrying the whole body.
func unmarshal(op string, body, value []byte, out any) error {
	if len(value) == 0 {
		return nil
	}
	if err := json.Unmarshal(value, out); err != nil {
		return &customerio.DecodeError{Op: op, Body: body, Err: err}
	}
	return nil
}

// exec sends req, once p has found no problem with the input, for a route whose
// answer carries nothing.
func exec(ctx context.Context, api *transport.Client, p *problems, req *transport.Request) error {
	_, err := fetchBody(ctx, api, p, req)
	return err
}
