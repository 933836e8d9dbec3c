package track

import (
	"context"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
)

type mergeBody struct {
	Primary   Identifier `json:"primary"`
	Secondary Identifier `json:"secondary"`
}

// MergeCustomers merges the person secondary into the person primary (POST
// /api/v1/merge_customers): secondary's attributes, events and devices move to
// primary, which keeps its own value where both have the same attribute, and
// secondary is deleted. A merge cannot be undone. It is not marked safe to repeat, so the ready retry
// strategies retry it only when Customer.io provably never acted on it.
//
// An Identifier that sets no field or more than one is a
// *customerio.ValidationError, and nothing is sent.
func (c *Client) MergeCustomers(ctx context.Context, primary, secondary Identifier) error {
	const op = "track.MergeCustomers"
	if err := primary.check(op, "primary"); err != nil {
		return err
	}
	if err := secondary.check(op, "secondary"); err != nil {
		return err
	}
	return c.send(ctx, &transport.Request{
		Op:     op,
		Method: http.MethodPost,
		Path:   "/api/v1/merge_customers",
		Body:   mergeBody{Primary: primary, Secondary: secondary},
	})
}
