package customeriotest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// WebhookEvent is one reporting-webhook event, shaped as Customer.io posts it:
// the fields of the JSON envelope, with Data as its "data" object.
type WebhookEvent struct {
	// EventID is a ULID; every attempt to deliver the event carries the same one.
	EventID string
	// ObjectType is "email", "push", "sms", "whatsapp", "in_app", "customer", …
	ObjectType string
	// Metric is sent, delivered, opened, clicked, bounced, … or any metric
	// given to EmitWebhook.
	Metric customerio.Metric
	// Timestamp is when it happened, in Unix seconds.
	Timestamp int64
	// Data is the "data" object: identifiers, customer_id, delivery_id, the
	// message's source (transactional_message_id, or broadcast_id and
	// trigger_id), recipient, subject, and whatever else the event carries.
	Data map[string]any
}

func (e WebhookEvent) clone() WebhookEvent {
	e.Data = copyMap(e.Data)
	return e
}

// WebhookDelivery is one attempt to deliver a reporting-webhook event.
type WebhookDelivery struct {
	// Event is the event posted.
	Event WebhookEvent
	// Attempt counts the attempts for this event, from 1.
	Attempt int
	// Body is the exact request body, the bytes that were signed.
	Body []byte
	// Timestamp and Signature are the X-CIO-Timestamp and X-CIO-Signature
	// headers sent.
	Timestamp, Signature string
	// Status is the handler's answer, 0 when there was none.
	Status int
	// Err describes why there was no answer (connection refused, timeout…).
	Err string
	// At is when the attempt was made, by the server's clock.
	At time.Time
}

// Succeeded reports whether the handler answered the attempt with a 2xx, the
// only answer Customer.io takes as delivered.
func (d WebhookDelivery) Succeeded() bool { return d.Status >= 200 && d.Status < 300 }

func (d WebhookDelivery) clone() WebhookDelivery {
	d.Event = d.Event.clone()
	d.Body = append([]byte(nil), d.Body...)
	return d
}

// Defaults of the reporting-webhook delivery.
const (
	// DefaultWebhookAttempts is how many times an event is posted before the
	// fake gives up on it. Customer.io keeps trying for 7 days; a test wants an
	// end.
	DefaultWebhookAttempts = 3
	// DefaultWebhookBackoff is the wait before the second attempt; each later
	// wait doubles. Customer.io waits far longer (an hour after a 400, 401 or
	// 500); the fake keeps tests quick.
	DefaultWebhookBackoff = 5 * time.Millisecond
	// webhookTimeout is how long Customer.io waits for an answer.
	webhookTimeout = 4 * time.Second
)

// WebhookOption configures the reporting-webhook delivery of SendWebhooks.
type WebhookOption func(*webhookConfig)

type webhookConfig struct {
	url, signingKey string
	attempts        int
	backoff         time.Duration
	client          *http.Client
}

// WebhookAttempts sets how many times an event is posted, counting the first
// attempt, while the handler answers anything but a 2xx or does not answer
// (DefaultWebhookAttempts by default). Values below 1 mean 1.
func WebhookAttempts(n int) WebhookOption {
	return func(c *webhookConfig) { c.attempts = max(n, 1) }
}

// WebhookBackoff sets the wait before the second attempt of a failed event;
// each later wait doubles (DefaultWebhookBackoff by default). Zero retries at
// once, which keeps a test free of timers.
func WebhookBackoff(d time.Duration) WebhookOption {
	return func(c *webhookConfig) { c.backoff = max(d, 0) }
}

// WebhookHTTPClient sets the client that posts the events, for instance the
// Client of an httptest server started with TLS. By default the server uses a
// client of its own with Customer.io's 4-second timeout.
func WebhookHTTPClient(client *http.Client) WebhookOption {
	return func(c *webhookConfig) {
		if client != nil {
			c.client = client
		}
	}
}

// SendWebhooks makes the server act as a reporting webhook pointed at url:
// from now on it posts a signed JSON event to url for what happens in the
// workspace, the way Customer.io does:
//
//   - each transactional send accepted by POST /v1/send/{type} is reported
//     "sent", then "delivered" on the channels that report deliveries (email,
//     push, sms, whatsapp; in-app and inbox messages, reported as "in_app",
//     only "sent");
//   - each broadcast trigger accepted by POST /v1/campaigns/{id}/triggers is
//     reported "sent" and "delivered" as an email to every person it lists by
//     ids, emails or per_user_data (audiences given as a filter or a data file
//     are not resolved, so they report nothing);
//   - ScriptWebhook and EmitWebhook add any other event: opened, clicked,
//     bounced, customer subscribed and so on.
//
// Each request carries X-CIO-Timestamp and X-CIO-Signature: the HMAC-SHA256,
// in lowercase hex, of "v0:" + timestamp + ":" + body keyed with signingKey,
// so webhook.Verifier accepts it. The timestamp is the server's clock (see
// WithClock) when the attempt is made; a retry is signed again.
//
// Events are posted one at a time, in the order they happened, from a
// goroutine of the server that Close stops. An answer other than 2xx, or none
// within 4 seconds, is retried with the same event id after a backoff, up to
// WebhookAttempts times; like Customer.io, the fake holds the events behind a
// failing one until it succeeds or the fake gives up on it. WebhookDeliveries
// lists every attempt and WaitWebhooks waits until nothing is left to post.
//
// Calling SendWebhooks again points the webhook elsewhere for the events not
// yet posted. Events of what happened before the first call are not sent, as
// a reporting webhook created later does not see them.
func (s *Server) SendWebhooks(url, signingKey string, opts ...WebhookOption) {
	cfg := &webhookConfig{url: url, signingKey: signingKey, attempts: DefaultWebhookAttempts, backoff: DefaultWebhookBackoff}
	for _, opt := range opts {
		if opt != nil {
			opt(cfg)
		}
	}
	// Deliveries now go to url, not to a configuration made through the App
	// API, so disabling or deleting that one no longer stops them.
	s.state.mu.Lock()
	s.state.hooks.active = 0
	s.state.mu.Unlock()
	s.webhooks.configure(cfg, s.cfg.now)
}

var (
	// errNoWebhook is returned for events scripted before SendWebhooks.
	errNoWebhook = errors.New("customeriotest: no reporting webhook: call SendWebhooks first")
	// errWebhookClosed is returned for events scripted after Close: nothing
	// would post them.
	errWebhookClosed = fmt.Errorf("customeriotest: server closed: %w", customerio.ErrClosed)
)

// ScriptWebhook queues a reporting-webhook event with this metric
// (customerio.MetricOpened, MetricClicked, MetricBounced, MetricConverted, …) about a message the server reported
// earlier, identified by its delivery id: the event has the message's object
// type and the data of its "sent" event (identifiers, delivery_id, source,
// recipient…), with the fields of extra added or replacing them, such as
// {"href": "https://…", "link_id": 1} for a click or {"failure_message": "…"}
// for a bounce. It returns the event queued.
//
// It fails for a delivery id the server did not report, before SendWebhooks,
// and after Close (with an error matching customerio.ErrClosed).
func (s *Server) ScriptWebhook(deliveryID string, metric customerio.Metric, extra map[string]any) (WebhookEvent, error) {
	return s.webhooks.script(deliveryID, metric, extra)
}

// EmitWebhook queues ev as it is, for events no call to the fake produces
// (customer subscribed, an unknown metric…). An empty EventID gets a fresh
// ULID, a zero Timestamp the server's clock and a nil Data an empty object.
// It returns the event queued, and fails before SendWebhooks and after Close
// (with an error matching customerio.ErrClosed).
func (s *Server) EmitWebhook(ev WebhookEvent) (WebhookEvent, error) {
	return s.webhooks.emit(ev)
}

// WebhookDeliveries returns every attempt to deliver a reporting-webhook
// event, in order.
func (s *Server) WebhookDeliveries() []WebhookDelivery {
	return s.webhooks.deliveries()
}

// WaitWebhooks blocks until every event queued so far has been delivered or
// given up on, and returns nil; or until ctx ends, returning an error wrapping
// ctx.Err(). It returns at once when nothing is queued, and with an error
// matching customerio.ErrUndelivered when the server is closed with events
// left.
func (s *Server) WaitWebhooks(ctx context.Context) error {
	idle, closed := s.webhooks.idleSignal()
	select {
	case <-idle:
		return nil
	case <-closed:
		if s.webhooks.isIdle() {
			return nil
		}
		return fmt.Errorf("customeriotest: server closed with webhook events left: %w", customerio.ErrUndelivered)
	case <-ctx.Done():
		return fmt.Errorf("customeriotest: waiting for webhooks: %w", ctx.Err())
	}
}
