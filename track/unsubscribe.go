package track

import (
	"context"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

type unsubscribeBody struct {
	Unsubscribe bool `json:"unsubscribe"`
}

// Unsubscribe records the answer of your own unsubscribe page for the message
// deliveryID (POST /unsubscribe/{deliveryID}, the one Track path outside
// /api/v1): unsubscribe true unsubscribes the person who received the delivery
// and attributes the unsubscription to it; false records that they stayed
// subscribed. Customer.io needs no credentials for this call. Sending the same
// answer twice changes nothing, so it may be retried.
//
// A blank deliveryID is a *customerio.ValidationError, and nothing is sent;
// Customer.io answers 400 for a delivery id it does not know.
func (c *Client) Unsubscribe(ctx context.Context, deliveryID string, unsubscribe bool) error {
	const op = "track.Unsubscribe"
	if err := validate.Blank(op, "deliveryID", deliveryID); err != nil {
		return err
	}
	return c.send(ctx, &transport.Request{
		Op:         op,
		Method:     http.MethodPost,
		Path:       transport.Path("/unsubscribe", deliveryID),
		Body:       unsubscribeBody{Unsubscribe: unsubscribe},
		Idempotent: true,
	})
}
