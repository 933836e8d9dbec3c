package pipelines

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch"
	"github.com/gocustomerio/customerio/internal/settings"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// Client sends Segment-spec messages to Customer.io's Data Pipelines API for
// one source, authenticated by the source's write key. Identify, Track, Page,
// Screen, Group and Alias queue a message and return at once; background
// uploaders send the queue in batches to POST /v1/batch. Send posts one message
// and waits for the answer.
//
// What each answer to a batch does: 2xx delivers it; 400 and 413 split it in
// halves down to single messages (strict mode), so only the bad ones fail;
// 408, 429, every 5xx and network failures (a connection reset while the
// answer was read included) resend it with backoff, Retry-After first, until
// QueueConfig.MaxRetryElapsed (every message carries a messageId, so Customer.io
// drops repeats); 401 and 403 fail the batch at once, neither retried nor
// split; any other status fails the batch.
//
// A Client is safe for concurrent use. Close must be called before the program
// ends, to send what is queued and stop the uploaders.
//
// Formatting a Client with any fmt verb shows its base URL only, never the write
// key.
type Client struct {
	api     *transport.Client
	engine  *batch.Engine
	context baseContext
	// header holds the X-Strict-Mode and Content-Encoding headers the options
	// ask for; it is shared by every request and never modified.
	header http.Header
	gzip   bool
	dryRun bool
}

// newOp names New in validation errors.
const newOp = "pipelines.New"

// New returns a Data Pipelines client for the source whose write key (the
// source's API key) is writeKey, and starts its uploaders. Requests go to
// https://cdp.customer.io, or https://cdp-eu.customer.io with
// customerio.WithRegion(customerio.RegionEU), or to customerio.WithBaseURL,
// which also points the client at any collector that takes Segment's /v1/batch
// payload (RudderStack and Hightouch data planes, for instance).
//
// An empty write key, or one containing ':', which HTTP Basic authentication
// cannot carry, is a *customerio.ValidationError. Invalid options are reported
// as the options report them, or by the option that refused its
// value.
func New(writeKey string, opts ...customerio.Option) (*Client, error) {
	const op = "pipelines.New"
	if err := validate.Blank(op, "writeKey", writeKey); err != nil {
		return nil, err
	}
	if strings.Contains(writeKey, ":") {
		return nil, validate.Field(op, "writeKey", "must not contain ':'")
	}
	conf, err := settings.Resolve("pipelines", opts)
	if err != nil {
		return nil, err
	}
	o, err := optionsOf(conf)
	if err != nil {
		return nil, err
	}
	base, err := newBaseContext(o.defaultContext)
	if err != nil {
		return nil, err
	}
	c := &Client{
		api:     transport.New(conf, settings.PipelinesAPI, transport.Basic(writeKey, "")),
		context: base,
		header:  http.Header{},
		gzip:    o.gzip,
		dryRun:  o.dryRun,
	}
	if o.strict {
		c.header.Set("X-Strict-Mode", "1")
	}
	if o.gzip {
		c.header.Set("Content-Encoding", "gzip")
	}
	engine, err := batch.NewQueue(newOp, "QueueConfig.", o.queue, base.envelopeBytes(), c.sendBatch, conf.Logger)
	if err != nil {
		return nil, err
	}
	c.engine = engine
	return c, nil
}

// String names the client by its base URL; the write key is never shown.
func (c *Client) String() string {
	if c == nil {
		return "pipelines.Client(nil)"
	}
	s := "pipelines.Client{base: " + c.api.BaseURL()
	if c.dryRun {
		s += ", dry run"
	}
	return s + "}"
}

// Format prints String for every verb, %#v and %+v included, so no formatting
// of a Client can reach the credentials it holds.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// Identify checks msg, encodes it and queues it for the next batch; see the
// Identify type for what Customer.io does with it. It returns a
// *customerio.ValidationError for a message that cannot be sent (nothing is
// queued then), customerio.ErrClosed after Close, and, when the queue is full,
// customerio.ErrQueueFull (Drop) or ctx's error if ctx ends while waiting for room (Block). It makes no
// request itself: the uploaders send the batch.
func (c *Client) Identify(ctx context.Context, msg Identify) error {
	return enqueue(ctx, c, "pipelines.Identify", msg)
}

// Track checks msg, encodes it and queues it for the next batch; see the Track
// type for what Customer.io does with it, and Identify for the errors.
func (c *Client) Track(ctx context.Context, msg Track) error {
	return enqueue(ctx, c, "pipelines.Track", msg)
}

// Page checks msg, encodes it and queues it for the next batch; see the Page
// type for what Customer.io does with it, and Identify for the errors.
func (c *Client) Page(ctx context.Context, msg Page) error {
	return enqueue(ctx, c, "pipelines.Page", msg)
}

// Screen checks msg, encodes it and queues it for the next batch; see the
// Screen type for what Customer.io does with it, and Identify for the errors.
func (c *Client) Screen(ctx context.Context, msg Screen) error {
	return enqueue(ctx, c, "pipelines.Screen", msg)
}

// Group checks msg, encodes it and queues it for the next batch; see the Group
// type for what Customer.io does with it, and Identify for the errors.
func (c *Client) Group(ctx context.Context, msg Group) error {
	return enqueue(ctx, c, "pipelines.Group", msg)
}

// Alias checks msg, encodes it and queues it for the next batch; see the Alias
// type for what Customer.io does with it, and Identify for the errors.
func (c *Client) Alias(ctx context.Context, msg Alias) error {
	return enqueue(ctx, c, "pipelines.Alias", msg)
}

// enqueue checks and encodes msg on the caller's goroutine and queues its bytes.
// It is generic rather than taking a Message so the message is never boxed.
func enqueue[M Message](ctx context.Context, c *Client, op string, msg M) error {
	e := newEncoding()
	m, err := msg.wire(op, &e.w)
	return c.queue(ctx, op, e, m, err)
}

// queue encodes a message wire checked, on the caller's goroutine, then hands
// its bytes to the engine, which keeps a copy.
func (c *Client) queue(ctx context.Context, op string, e *encoding, m common, err error) error {
	var data []byte
	if err == nil {
		data, err = c.encode(op, e, m, false)
	}
	if err == nil {
		err = c.engine.Enqueue(ctx, data)
	}
	e.free()
	return err
}

// Flush sends the messages queued so far without waiting for their batch to
// fill, and returns once each has an outcome (delivered, or reported to
// QueueConfig.OnFailure), retries included; or ctx's error if ctx ends first.
func (c *Client) Flush(ctx context.Context) error { return c.engine.Flush(ctx) }

// Close stops the queue (the queueing calls return customerio.ErrClosed from
// then on), sends everything queued, with QueueConfig.MaxInFlight requests at
// once, and waits until every message has an outcome, retrying until ctx's
// deadline if an outage lasts; then it returns nil, or, without
// QueueConfig.OnFailure, an error wrapping customerio.ErrUndelivered when some
// message failed. If ctx ends first, Close cancels the requests in flight,
// reports every message still unsent to OnFailure with an error wrapping
// customerio.ErrClosed (with a SpoolDir it leaves them in the spool for the
// next client instead), and returns ctx's error. Either way the client's
// goroutines have ended when Close returns. Send, which does not use the
// queue, still works after Close.
func (c *Client) Close(ctx context.Context) error { return c.engine.Close(ctx) }
