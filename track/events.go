package track

import (
	"context"
	"net/http"
	"time"

	"github.com/gocustomerio/customerio/internal/ids"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// Event types other than the default "event".
const (
	eventTypePage   = "page"
	eventTypeScreen = "screen"
)

// EventOption adjusts one event call.
type EventOption func(*eventOptions)

type eventOptions struct {
	timestamp    time.Time
	hasTimestamp bool
	id           string
	hasID        bool
}

// Timestamp backfills the event: Customer.io records it at t instead of when it
// arrives (sent as Unix seconds). Backfilled events do not trigger campaigns that
// began after t. The zero time is rejected.
func Timestamp(t time.Time) EventOption {
	return func(o *eventOptions) { o.timestamp, o.hasTimestamp = t, true }
}

// EventID sets the event's de-duplication id, which Customer.io recommends be a
// ULID: an event repeating an id Customer.io has already seen is dropped. Without
// it the client generates a ULID once per call. A blank id is rejected.
func EventID(id string) EventOption {
	return func(o *eventOptions) { o.id, o.hasID = id, true }
}

// eventBody is the JSON of POST /api/v1/customers/{id}/events and /api/v1/events.
type eventBody struct {
	Name        string         `json:"name"`
	Data        map[string]any `json:"data"`
	Type        string         `json:"type,omitempty"`
	ID          string         `json:"id"`
	Timestamp   *int64         `json:"timestamp,omitempty"`
	AnonymousID string         `json:"anonymous_id,omitempty"`
}

// Track records the event name for the person id (POST
// /api/v1/customers/{id}/events), where it can trigger campaigns and fill
// segments. data becomes the event's attributes ({} when nil); time.Time values at
// any depth are sent as Unix seconds, and data is never modified. Customer.io
// reads the data keys "recipient", "from_address" and "reply_to" as overrides of
// the triggered message's settings.
//
// Every event carries an id (EventID, or a ULID generated once per call), so a
// retried attempt sends identical bytes and Customer.io drops the duplicate; the
// ready retry strategies may therefore retry event calls.
//
// A blank id or name, a zero Timestamp, a blank EventID, a NaN or infinite number
// or a body over customerio.MaxEntityBytes is a *customerio.ValidationError, and
// nothing is sent. Customer.io requires a name; the client checks it up front.
func (c *Client) Track(ctx context.Context, id, name string, data map[string]any, opts ...EventOption) error {
	const op = "track.Track"
	if err := validate.Blank(op, "id", id); err != nil {
		return err
	}
	return c.sendEvent(ctx, op, customerPath(id, "events"), eventBody{Name: name}, "name", data, opts)
}

// TrackAnonymous records the event name for a visitor not yet identified (POST
// /api/v1/events). When anonymousID is not blank and anonymous merging is on, the
// event joins the person later identified with that anonymous id (within 30
// days), and can trigger campaigns if that happens within 72 hours of the event.
// A blank anonymousID is allowed and left out of the body.
//
// data, options, event ids and validation work as for Track; a blank name is
// rejected.
func (c *Client) TrackAnonymous(ctx context.Context, anonymousID, name string, data map[string]any, opts ...EventOption) error {
	const op = "track.TrackAnonymous"
	return c.sendEvent(ctx, op, "/api/v1/events", eventBody{Name: name, AnonymousID: anonymousID}, "name", data, opts)
}

// Pageview records that the person id viewed the web page url (an event of type
// "page" named by the URL), for page-view segments and campaigns.
//
// data, options, event ids and validation work as for Track; a blank url is
// rejected.
func (c *Client) Pageview(ctx context.Context, id, url string, data map[string]any, opts ...EventOption) error {
	const op = "track.Pageview"
	if err := validate.Blank(op, "id", id); err != nil {
		return err
	}
	return c.sendEvent(ctx, op, customerPath(id, "events"), eventBody{Name: url, Type: eventTypePage}, "url", data, opts)
}

// Screen records that the person id viewed the mobile app screen name (an event
// of type "screen"), for screen-view segments and campaigns.
//
// data, options, event ids and validation work as for Track; a blank name is
// rejected.
func (c *Client) Screen(ctx context.Context, id, name string, data map[string]any, opts ...EventOption) error {
	const op = "track.Screen"
	if err := validate.Blank(op, "id", id); err != nil {
		return err
	}
	return c.sendEvent(ctx, op, customerPath(id, "events"), eventBody{Name: name, Type: eventTypeScreen}, "name", data, opts)
}

// sendEvent completes ev (name check, data, options, id) and posts it to path.
// nameArg names the argument that carried ev.Name, for the error.
func (c *Client) sendEvent(ctx context.Context, op, path string, ev eventBody, nameArg string, data map[string]any, opts []EventOption) error {
	if err := validate.Blank(op, nameArg, ev.Name); err != nil {
		return err
	}
	var o eventOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.hasTimestamp {
		if o.timestamp.IsZero() {
			return validate.Field(op, "Timestamp", "must not be the zero time")
		}
		ev.Timestamp = unixOrNil(o.timestamp)
	}
	if o.hasID {
		if o.id == "" {
			return validate.Field(op, "EventID", "must not be blank")
		}
		ev.ID = o.id
	}
	normalized, err := transport.NormalizeMap(op, "data", data)
	if err != nil {
		return err
	}
	if normalized == nil {
		normalized = map[string]any{}
	}
	ev.Data = normalized
	if ev.ID == "" {
		// Generated once, before the body is encoded: every attempt of this call
		// sends the same id, which is what makes repeating it safe.
		ev.ID = ids.ULID()
	}
	return c.send(ctx, &transport.Request{Op: op, Method: http.MethodPost, Path: path, Body: ev, Idempotent: true})
}
