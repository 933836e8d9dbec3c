package track

import (
	"context"
	"net/http"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

type mergeBody struct {
	Primary   customerio.Identifiers `json:"primary"`
	Secondary customerio.Identifiers `json:"secondary"`
}

// MergePeople merges the person secondary into the person primary (POST
// /api/v1/merge_customers): secondary's attributes, events and devices move to
// primary, which keeps its own value where both have the same attribute, and
// secondary is deleted. A merge cannot be undone. It is not marked safe to
// repeat, so the ready retry strategies retry it only when Customer.io provably
// never acted on it.
//
// Build each side with customerio.ByID, ByEmail or ByCIOID. An Identifiers that
// sets no field or more than one, or sets Phone (Track API v1 has no phone
// identifier; Track API v2 merges by phone), is a *customerio.ValidationError,
// and nothing is sent.
func (c *Client) MergePeople(ctx context.Context, primary, secondary customerio.Identifiers) error {
	const op = "track.MergePeople"
	if err := checkPerson(op, "primary", primary); err != nil {
		return err
	}
	if err := checkPerson(op, "secondary", secondary); err != nil {
		return err
	}
	return c.send(ctx, &transport.Request{
		Op:     op,
		Method: http.MethodPost,
		Path:   "/api/v1/merge_customers",
		Body:   mergeBody{Primary: primary, Secondary: secondary},
	})
}
