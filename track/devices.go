package track

import (
	"context"
	"net/http"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// deviceBody is Track API v1's device shape, {"device": {"id": token,
// "platform", "last_used", "attributes"}}: v1 calls the token "id" (v2 calls it
// "token").
type deviceBody struct {
	Device deviceFields `json:"device"`
}

type deviceFields struct {
	ID         string              `json:"id"`
	Platform   customerio.Platform `json:"platform"`
	LastUsed   *int64              `json:"last_used,omitempty"`
	Attributes map[string]any      `json:"attributes,omitempty"`
}

// AddDevice adds the push device d to the person id, or updates it if the person
// already has that token (PUT /api/v1/customers/{id}/devices), so push campaigns
// can reach them. d.Token is sent as the device "id", as Track API v1 names it.
// The token and platform are separate fields of d, so no device attribute can
// override them.
//
// A blank id or d.Token, a platform other than customerio.PlatformIOS or
// PlatformAndroid, a NaN or infinite attribute or a body over
// customerio.MaxEntityBytes is a *customerio.ValidationError, and nothing is
// sent.
func (c *Client) AddDevice(ctx context.Context, id string, d customerio.Device) error {
	const op = "track.AddDevice"
	if err := validate.Blank(op, "id", id); err != nil {
		return err
	}
	if err := validate.Blank(op, "device.token", d.Token); err != nil {
		return err
	}
	if d.Platform != customerio.PlatformIOS && d.Platform != customerio.PlatformAndroid {
		return validate.Field(op, "device.platform", "must be %q or %q, not %q", customerio.PlatformIOS, customerio.PlatformAndroid, d.Platform)
	}
	attrs, err := transport.NormalizeMap(op, "device.attributes", d.Attributes)
	if err != nil {
		return err
	}
	body := deviceBody{Device: deviceFields{ID: d.Token, Platform: d.Platform, LastUsed: unixOrNil(d.LastUsed), Attributes: attrs}}
	return c.send(ctx, &transport.Request{Op: op, Method: http.MethodPut, Path: customerPath(id, "devices"), Body: body})
}

// DeleteDevice removes the push device with token deviceToken from the person id
// (DELETE /api/v1/customers/{id}/devices/{deviceToken}); Customer.io stops
// sending push notifications to it. The token is escaped exactly once, as one
// path segment.
//
// A blank id or deviceToken is a *customerio.ValidationError, and nothing is
// sent.
func (c *Client) DeleteDevice(ctx context.Context, id, deviceToken string) error {
	const op = "track.DeleteDevice"
	if err := validate.Blank(op, "id", id); err != nil {
		return err
	}
	if err := validate.Blank(op, "deviceToken", deviceToken); err != nil {
		return err
	}
	return c.send(ctx, &transport.Request{Op: op, Method: http.MethodDelete, Path: customerPath(id, "devices", deviceToken)})
}
