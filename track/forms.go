package track

import (
	"context"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

type formBody struct {
	Data map[string]string `json:"data"`
}

// SubmitForm sends one submission of your own form formID to Customer.io (POST
// /api/v1/forms/{formID}/submit), which identifies the person it names and
// records a form submission that can trigger campaigns. The first submission of a
// new formID creates the form connection in the workspace.
//
// data holds the submitted fields as strings and must name the person: an
// "email" or "id" field, or a field mapped to one in the form's settings. The
// keys form_id, form_name, form_type, form_url and form_url_param are reserved
// and ignored by Customer.io. Customer.io answers 204 with no body.
//
// A blank formID, an empty data or a body over customerio.MaxEntityBytes is a
// *customerio.ValidationError, and nothing is sent.
func (c *Client) SubmitForm(ctx context.Context, formID string, data map[string]string) error {
	const op = "track.SubmitForm"
	if err := validate.Blank(op, "formID", formID); err != nil {
		return err
	}
	if len(data) == 0 {
		return validate.Field(op, "data", "must hold at least the field naming the person")
	}
	return c.send(ctx, &transport.Request{
		Op:     op,
		Method: http.MethodPost,
		Path:   transport.Path("/api/v1/forms", formID, "submit"),
		Body:   formBody{Data: data},
	})
}
