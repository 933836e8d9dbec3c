package app

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// LiveNotificationsService drives live notifications: real-time activities on
// the iOS Lock Screen and Dynamic Island (Live Activities) and in the Android
// notification shade (Live Updates), such as a delivery tracker. The server
// starts one for a person, pushes new content states to it and ends it; each
// running notification is an instance, named by the instance_id (a ULID) that
// Start returns.
//
// Start, Update and End send pushes, so none is idempotent: a repeat pushes
// again (and a repeated Start starts a second activity). Retry strategies
// repeat them only when Customer.io cannot have acted on them, or with
// retry.RetryNonIdempotent. Customer.io answers 404 (a *customerio.APIError)
// when the workspace has no live notifications.
type LiveNotificationsService struct{ api *transport.Client }

// The states of a live notification.
const (
	LiveNotificationActive  = "active"
	LiveNotificationEnded   = "ended"
	LiveNotificationExpired = "expired"
	LiveNotificationFailed  = "failed"
)

// LiveNotificationAlert is the alert shown with a start, an update or an end.
type LiveNotificationAlert struct {
	// Title and Body are required.
	Title string `json:"title"`
	Body  string `json:"body"`
	// Sound names the sound to play; sent only when set.
	Sound string `json:"sound,omitempty"`
}

// StartLiveNotificationRequest starts a live notification for one person.
// Fields left at their zero value are not sent.
type StartLiveNotificationRequest struct {
	// Identifiers names the person; exactly one of ID, Email, Phone and CIOID.
	// Customer.io cannot start one for an anonymous profile. CIOID is sent as
	// Customer.io's "internal" identifier, "cio_" followed by the cio_id (the
	// prefix is added when missing).
	Identifiers customerio.Identifiers
	// NotificationType is the activity type's reverse-DNS identifier, such as
	// "io.customer.livenotifications.segments"; it must match a type the app
	// registered. Required.
	NotificationType string
	// DeviceID is the token of the one device to start the activity on.
	DeviceID string
	// Platform is customerio.PlatformIOS or customerio.PlatformAndroid.
	Platform customerio.Platform
	// AppIdentifier picks the app (bundle id or package name) in a workspace
	// with several; Customer.io answers 400 for one it does not know.
	AppIdentifier string
	// Attributes are the activity's static fields, fixed at start (on iOS they
	// match the app's ActivityAttributes); at least one is required. time.Time
	// values become Unix seconds.
	Attributes map[string]any
	// ContentState is the activity's first dynamic content (on iOS, the
	// app's ContentState); at least one field is required. Dates are Unix
	// seconds; time.Time values become them.
	ContentState map[string]any
	// Alert is shown when the activity starts; Customer.io requires it on iOS,
	// so it is required when Platform is customerio.PlatformIOS.
	Alert *LiveNotificationAlert
	// DeepLink opens when the person taps the activity.
	DeepLink string
	// Expiration is when the activity expires, at most 6 hours ahead; the zero
	// time leaves Customer.io's default, 6 hours after the start.
	Expiration time.Time
}

// UpdateLiveNotificationRequest pushes a new content state to a running live
// notification. Fields left at their zero value are not sent.
type UpdateLiveNotificationRequest struct {
	// InstanceID names the notification, as Start returned it; required.
	InstanceID string
	// ContentState is the complete new content state: the platforms do not
	// merge partial states. At least one field is required.
	ContentState map[string]any
	// Attributes are static fields for renderers that need them with the state;
	// on iOS they cannot change after the start.
	Attributes map[string]any
	// Alert accompanies the update; optional.
	Alert *LiveNotificationAlert
	// DeepLink opens when the person taps the activity.
	DeepLink string
}

// EndLiveNotificationRequest ends a running live notification. Fields left at
// their zero value are not sent.
type EndLiveNotificationRequest struct {
	// InstanceID names the notification, as Start returned it; required.
	InstanceID string
	// ContentState is the final state to show; nil keeps the last one sent.
	ContentState map[string]any
	// Attributes are static fields for renderers that need them with the state.
	Attributes map[string]any
	// Alert accompanies the end; optional.
	Alert *LiveNotificationAlert
	// DeepLink opens when the person taps the activity.
	DeepLink string
}

// LiveNotification is the status of a live notification.
type LiveNotification struct {
	InstanceID string `json:"instance_id"`
	// NotificationType is the activity type's reverse-DNS identifier.
	NotificationType string `json:"notification_type"`
	// Platform is the device's platform.
	Platform customerio.Platform `json:"platform"`
	// State is LiveNotificationActive, LiveNotificationEnded,
	// LiveNotificationExpired or LiveNotificationFailed.
	State string `json:"state"`
	// FailureReason says why the notification failed, in the failed state.
	FailureReason string `json:"failure_reason"`
	// StartedAt, EndedAt and ExpiresAt are the lifecycle's times; the zero
	// time for one not reached or not known.
	StartedAt time.Time `json:"started_at"`
	EndedAt   time.Time `json:"ended_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// LastDelivery is the most recent push for the notification, or nil.
	LastDelivery *LiveNotificationDelivery `json:"last_delivery"`
}

// LiveNotificationDelivery is one push of a live notification.
type LiveNotificationDelivery struct {
	// ID is the delivery id.
	ID string `json:"id"`
	// Operation is the lifecycle step the push carried: "start", "update" or
	// "end".
	Operation string `json:"operation"`
	// Status is "queued", "sent", "failed" or "undeliverable".
	Status string `json:"status"`
	// Source says where the operation came from: the API or the device.
	Source    string    `json:"source"`
	CreatedAt time.Time `json:"created_at"`
}

// UnmarshalJSON reads the lifecycle times as Unix seconds.
func (n *LiveNotification) UnmarshalJSON(b []byte) error {
	type fields LiveNotification
	var w struct {
		fields
		StartedAt unixTime `json:"started_at"`
		EndedAt   unixTime `json:"ended_at"`
		ExpiresAt unixTime `json:"expires_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*n = LiveNotification(w.fields)
	n.StartedAt = time.Time(w.StartedAt)
	n.EndedAt = time.Time(w.EndedAt)
	n.ExpiresAt = time.Time(w.ExpiresAt)
	return nil
}

// UnmarshalJSON reads created_at as Unix seconds.
func (d *LiveNotificationDelivery) UnmarshalJSON(b []byte) error {
	type fields LiveNotificationDelivery
	var w struct {
		fields
		CreatedAt unixTime `json:"created_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = LiveNotificationDelivery(w.fields)
	d.CreatedAt = time.Time(w.CreatedAt)
	return nil
}

// liveIdentifiers checks i, which must set exactly one field, and returns it
// as Customer.io's live notifications take it: {"id"}, {"email"}, {"phone"} or
// {"internal": "cio_…"}.
func liveIdentifiers(p *problems, i customerio.Identifiers) map[string]string {
	const field = "identifiers"
	names := [...]string{"id", "email", "phone", "internal"}
	out := map[string]string{}
	for n, v := range [...]string{i.ID, i.Email, i.Phone, i.CIOID} {
		switch {
		case v == "":
			continue
		case validate.IsBlank(v):
			p.add(field+"."+names[n], "must not be blank")
		}
		if names[n] == "internal" && !strings.HasPrefix(v, "cio_") {
			v = "cio_" + v
		}
		out[names[n]] = v
	}
	if n := i.Count(); n != 1 {
		p.add(field, "must set exactly one of id, email, phone or cio_id, not %d", n)
	}
	return out
}

// checkAlert records an alert without a title or a body.
func checkAlert(p *problems, a *LiveNotificationAlert) {
	if a != nil {
		p.blank("push_payload.alert.title", a.Title)
		p.blank("push_payload.alert.body", a.Body)
	}
}

// pushPayload is the push_payload of a request, nil without an alert.
func pushPayload(a *LiveNotificationAlert) any {
	if a == nil {
		return nil
	}
	return map[string]*LiveNotificationAlert{"alert": a}
}

// checkULID records an instance id that is not a ULID: 26 characters of
// Crockford's base 32, as Customer.io mints them.
func checkULID(p *problems, id string) {
	if id == "" {
		p.add("instance_id", "is required: the id Start returned")
		return
	}
	if len(id) != 26 || strings.IndexFunc(strings.ToUpper(id), func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') || r == 'I' || r == 'L' || r == 'O' || r == 'U'
	}) >= 0 {
		p.add("instance_id", "must be a ULID (26 characters of Crockford base 32), as Start returns it")
	}
}

// liveBody is the body of an update or an end.
type liveBody struct {
	InstanceID   string         `json:"instance_id"`
	ContentState map[string]any `json:"content_state,omitempty"`
	Attributes   map[string]any `json:"attributes,omitempty"`
	PushPayload  any            `json:"push_payload,omitempty"`
	DeepLink     string         `json:"deep_link,omitempty"`
}

// errNoInstanceID is a start, update or end answer without its instance_id.
var errNoInstanceID = errors.New(`no "instance_id" in the answer`)

// push sends a start, update or end and returns the instance_id it answers.
func (s *LiveNotificationsService) push(ctx context.Context, p *problems, path string, body any) (string, error) {
	raw, err := fetchBody(ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Body: body})
	if err != nil {
		return "", err
	}
	var answer struct {
		InstanceID string `json:"instance_id"`
	}
	if err := unmarshal(p.op, raw, raw, &answer); err != nil {
		return "", err
	}
	if answer.InstanceID == "" {
		return "", &customerio.DecodeError{Op: p.op, Body: raw, Err: errNoInstanceID}
	}
	return answer.InstanceID, nil
}

// Start starts a live notification for a person (POST
// /v1/live_notifications/start) and returns its instance_id, for Update, End
// and Get. On iOS Customer.io delivers a push-to-start through APNs, which
// needs a push-to-start token the app's SDK registered for NotificationType
// (iOS 17.2 or later).
//
// Identifiers that are not exactly one, a blank NotificationType, empty
// Attributes or ContentState, an unknown Platform, a missing Alert on iOS, an
// Alert without title or body, or NaN or infinity in a map is a
// *customerio.ValidationError and nothing is sent.
//
// A start sends a push and is not idempotent: a repeat starts a second
// activity, so retry strategies repeat it only when Customer.io cannot have
// acted on it, or with retry.RetryNonIdempotent.
func (s *LiveNotificationsService) Start(ctx context.Context, req StartLiveNotificationRequest) (string, error) {
	p := newProblems("app.LiveNotifications.Start")
	ids := liveIdentifiers(p, req.Identifiers)
	p.blank("notification_type", req.NotificationType)
	switch req.Platform {
	case "", customerio.PlatformAndroid:
	case customerio.PlatformIOS:
		if req.Alert == nil {
			p.add("push_payload.alert", "is required for an iOS start")
		}
	default:
		p.add("platform", "must be %q or %q, not %q", customerio.PlatformIOS, customerio.PlatformAndroid, string(req.Platform))
	}
	if len(req.Attributes) == 0 {
		p.add("attributes", "must hold at least one field")
	}
	if len(req.ContentState) == 0 {
		p.add("content_state", "must hold at least one field")
	}
	checkAlert(p, req.Alert)
	body := struct {
		Identifiers      map[string]string   `json:"identifiers"`
		NotificationType string              `json:"notification_type"`
		DeviceID         string              `json:"device_id,omitempty"`
		Platform         customerio.Platform `json:"platform,omitempty"`
		AppIdentifier    string              `json:"app_identifier,omitempty"`
		Attributes       map[string]any      `json:"attributes"`
		ContentState     map[string]any      `json:"content_state"`
		PushPayload      any                 `json:"push_payload,omitempty"`
		DeepLink         string              `json:"deep_link,omitempty"`
		Expiration       int64               `json:"expiration,omitempty"`
	}{
		Identifiers:      ids,
		NotificationType: req.NotificationType,
		DeviceID:         req.DeviceID,
		Platform:         req.Platform,
		AppIdentifier:    req.AppIdentifier,
		Attributes:       p.data("attributes", req.Attributes),
		ContentState:     p.data("content_state", req.ContentState),
		PushPayload:      pushPayload(req.Alert),
		DeepLink:         req.DeepLink,
	}
	if !req.Expiration.IsZero() {
		body.Expiration = req.Expiration.Unix()
	}
	return s.push(ctx, p, "/v1/live_notifications/start", body)
}

// Update pushes a new content state to a running live notification (POST
// /v1/live_notifications/update) and returns its instance_id; the device
// renders the activity again from the state sent. A missing or malformed
// InstanceID, an empty ContentState, an Alert without title or body, or NaN or
// infinity in a map is a *customerio.ValidationError and nothing is sent.
//
// An update sends a push and is not idempotent; see Start.
func (s *LiveNotificationsService) Update(ctx context.Context, req UpdateLiveNotificationRequest) (string, error) {
	p := newProblems("app.LiveNotifications.Update")
	checkULID(p, req.InstanceID)
	if len(req.ContentState) == 0 {
		p.add("content_state", "must hold the complete new state")
	}
	checkAlert(p, req.Alert)
	body := liveBody{
		InstanceID:   req.InstanceID,
		ContentState: p.data("content_state", req.ContentState),
		Attributes:   p.data("attributes", req.Attributes),
		PushPayload:  pushPayload(req.Alert),
		DeepLink:     req.DeepLink,
	}
	return s.push(ctx, p, "/v1/live_notifications/update", body)
}

// End ends a running live notification (POST /v1/live_notifications/end) and
// returns its instance_id. iOS removes the activity from the Lock Screen;
// Android shows the final state as an ordinary notification. Checked as Update
// is, except that ContentState is optional.
//
// An end sends a push and is not idempotent; see Start.
func (s *LiveNotificationsService) End(ctx context.Context, req EndLiveNotificationRequest) (string, error) {
	p := newProblems("app.LiveNotifications.End")
	checkULID(p, req.InstanceID)
	checkAlert(p, req.Alert)
	body := liveBody{
		InstanceID:   req.InstanceID,
		ContentState: p.data("content_state", req.ContentState),
		Attributes:   p.data("attributes", req.Attributes),
		PushPayload:  pushPayload(req.Alert),
		DeepLink:     req.DeepLink,
	}
	return s.push(ctx, p, "/v1/live_notifications/end", body)
}

// Get returns a live notification's state, lifecycle times and last delivery
// (GET /v1/live_notifications/{instance_id}). Customer.io answers 404 for a
// notification it has not processed yet, shortly after Start. An instance id
// that is not a ULID is a *customerio.ValidationError.
func (s *LiveNotificationsService) Get(ctx context.Context, instanceID string) (*LiveNotification, error) {
	p := newProblems("app.LiveNotifications.Get")
	checkULID(p, instanceID)
	n, err := fetch[LiveNotification](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: transport.Path("/v1/live_notifications", instanceID)}, "")
	if err != nil {
		return nil, err
	}
	return &n, nil
}
