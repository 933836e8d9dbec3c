package track

import (
	"context"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// Delete deletes the person id and their data (DELETE /api/v1/customers/{id}).
// The same identifier may create a new person later; use Suppress to prevent
// that.
//
// A blank id is a *customerio.ValidationError, and nothing is sent.
func (c *Client) Delete(ctx context.Context, id string) error {
	const op = "track.Delete"
	if err := validate.Blank(op, "id", id); err != nil {
		return err
	}
	return c.send(ctx, &transport.Request{Op: op, Method: http.MethodDelete, Path: customerPath(id)})
}
