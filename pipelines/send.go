package pipelines

import (
	"context"
	"reflect"

	"github.com/gocustomerio/customerio/internal/validate"
)

// Send posts msg on its own to its single-call endpoint (POST /v1/identify,
// /v1/track, /v1/page, /v1/screen, /v1/group or /v1/alias) and waits for the
// answer, for callers who need to know now that Data Pipelines took it. The
// body is the message without "type", which the path implies, and with
// "sentAt" set to the time of sending; it must encode to at most
// customerio.MaxEntityBytes.
//
// Send does not use the queue: it works after Close, and the configured retry
// strategy (customerio.WithRetry) is its only retry. Without WithStrictMode,
// Data Pipelines answers 200 even to a message it drops, so a nil error means
// the request was received, not that the message was valid. Bad input is a
// *customerio.ValidationError, before any request; an HTTP failure is a
// *customerio.APIError.
func (c *Client) Send(ctx context.Context, msg Message) error {
	const op = "pipelines.Send"
	if msg == nil {
		return validate.Field(op, "", "no message")
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Pointer && v.IsNil() {
		return validate.Field(op, "", "no message")
	}
	e := newEncoding()
	m, err := msg.wire(op, &e.w)
	path := "/v1/" + e.w.Type
	e.w.Type = ""
	var data []byte
	if err == nil {
		data, err = c.encode(op, e, m, true)
	}
	if err != nil || c.dryRun {
		e.free()
		return err
	}
	// data is e's buffer: e goes back to its pool once the body is released.
	return c.post(ctx, op, path, data, e.free)
}
