package track

import (
	"context"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// Suppress deletes the person id and blocks their identifiers from being used to
// create a person again (POST /api/v1/customers/{id}/suppress), as a deletion
// request under privacy law requires. The request has no body. Repeating it
// changes nothing, so the ready retry strategies may retry it.
//
// A blank id is a *customerio.ValidationError, and nothing is sent.
func (c *Client) Suppress(ctx context.Context, id string) error {
	return c.suppression(ctx, "track.Suppress", id, "suppress")
}

// Unsuppress lifts the block Suppress put on the identifier id (POST
// /api/v1/customers/{id}/unsuppress), so it may create a person again. It does
// not restore the deleted profile. The request has no body, and may be retried.
//
// A blank id is a *customerio.ValidationError, and nothing is sent.
func (c *Client) Unsuppress(ctx context.Context, id string) error {
	return c.suppression(ctx, "track.Unsuppress", id, "unsuppress")
}

func (c *Client) suppression(ctx context.Context, op, id, action string) error {
	if err := validate.Blank(op, "id", id); err != nil {
		return err
	}
	return c.send(ctx, &transport.Request{Op: op, Method: http.MethodPost, Path: customerPath(id, action), Idempotent: true})
}
