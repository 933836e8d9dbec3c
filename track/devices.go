package track

import (
	"context"
	"net/http"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// Platform is a push device's operating system.
type Platform string

// The platforms Customer.io sends push notifications to.
const (
	PlatformIOS     Platform = "ios"
	PlatformAndroid Platform = "android"
)

// Device is a push-notification device of a person.
type Device struct {
	// ID is the device token (APNs or FCM) that push notifications are sent to.
	ID string
	// Platform is PlatformIOS or PlatformAndroid.
	Platform Platform
	// LastUsed is when the device was last active; sent as Unix seconds, left
	// out when zero. Customer.io sends to the most recently used devices.
	LastUsed time.Time
	// Attributes are the device's own attributes (app version, push
	// permission…); time.Time values are sent as Unix seconds. Optional.
	Attributes map[string]any
}

type deviceBody struct {
	Device deviceFields `json:"device"`
}

type deviceFields struct {
	ID         string         `json:"id"`
	Platform   Platform       `json:"platform"`
	LastUsed   *int64         `json:"last_used,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty"`
}

// AddDevice adds the push device d to the person id, or updates it if the person
// already has that token (PUT /api/v1/customers/{id}/devices), so push campaigns
// can reach them. The token and platform are separate fields of d, so no device
// attribute can override them.
//
// A blank id or d.ID, a platform other than ios or android, a NaN or infinite
// attribute or a body over customerio.MaxEntityBytes is a
// *customerio.ValidationError, and nothing is sent.
func (c *Client) AddDevice(ctx context.Context, id string, d Device) error {
	const op = "track.AddDevice"
	if err := validate.Blank(op, "id", id); err != nil {
		return err
	}
	if err := validate.Blank(op, "device.id", d.ID); err != nil {
		return err
	}
	if d.Platform != PlatformIOS && d.Platform != PlatformAndroid {
		return validate.Field(op, "device.platform", "must be %q or %q, not %q", PlatformIOS, PlatformAndroid, d.Platform)
	}
	attrs, err := transport.NormalizeMap(op, "device.attributes", d.Attributes)
	if err != nil {
		return err
	}
	body := deviceBody{Device: deviceFields{ID: d.ID, Platform: d.Platform, LastUsed: unixOrNil(d.LastUsed), Attributes: attrs}}
	return c.send(ctx, &transport.Request{Op: op, Method: http.MethodPut, Path: customerPath(id, "devices"), Body: body})
}

// DeleteDevice removes the push device with token deviceID from the person id
// (DELETE /api/v1/customers/{id}/devices/{deviceID}); Customer.io stops sending
// push notifications to it. The token is escaped exactly once, as one path
// segment.
//
// A blank id or deviceID is a *customerio.ValidationError, and nothing is sent.
func (c *Client) DeleteDevice(ctx context.Context, id, deviceID string) error {
	const op = "track.DeleteDevice"
	if err := validate.Blank(op, "id", id); err != nil {
		return err
	}
	if err := validate.Blank(op, "deviceID", deviceID); err != nil {
		return err
	}
	return c.send(ctx, &transport.Request{Op: op, Method: http.MethodDelete, Path: customerPath(id, "devices", deviceID)})
}
