package trackv2

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
	"github.com/gocustomerio/customerio/internal/transport"
)

// The Track v2 endpoints.
const (
	entityPath = "/api/v2/entity"
	batchPath  = "/api/v2/batch"
)

// Client calls the Track API v2 of one workspace. It is immutable and safe for
// concurrent use.
type Client struct {
	t      *transport.Client
	siteID string
	// logger is customerio.WithLogger's, for the Batchers of this client; nil
	// is silent.
	logger *slog.Logger
}

// New returns a client for the workspace whose Track API credentials are siteID
// and apiKey (Settings → API Credentials in Customer.io). Requests go to the Track
// host of the region set with customerio.WithRegion (https://track-eu.customer.io
// for RegionEU), or to customerio.WithBaseURL. Empty credentials and invalid
// options are an error.
func New(siteID, apiKey string, opts ...customerio.Option) (*Client, error) {
	if siteID == "" || apiKey == "" {
		return nil, errors.New("trackv2: site id and API key must not be empty")
	}
	s, err := settings.Resolve("trackv2", opts)
	if err != nil {
		return nil, err
	}
	return &Client{
		t:      transport.New(s, settings.TrackAPI, transport.Basic(siteID, apiKey)),
		siteID: siteID,
		logger: s.Logger,
	}, nil
}

// String names the client by its site id; the API key is never shown.
func (c *Client) String() string { return "trackv2.Client{site: " + c.siteID + "}" }

// GoString is String, so that %#v cannot show more.
func (c *Client) GoString() string { return c.String() }

// Send posts one operation to POST /api/v2/entity
// (https://docs.customer.io/api/track/#operation/entity). Customer.io applies it
// and answers 200; a rejected op comes back as a *customerio.APIError with the
// reasons in its Details. An op that fails validation, or encodes to more than
// customerio.MaxEntityBytes, is a *customerio.ValidationError and nothing is
// sent.
//
// The request may be repeated by the retry strategy: every Track v2 action is
// safe to repeat, events because they carry a de-duplication id (see Op.ID),
// the others because applying them twice changes nothing.
func (c *Client) Send(ctx context.Context, op Op) error {
	return c.send(ctx, "trackv2.Send", op)
}

func (c *Client) send(ctx context.Context, opName string, op Op) error {
	body, err := encodeOp(opName, op, -1)
	if err != nil {
		return err
	}
	_, err = c.t.Do(ctx, &transport.Request{
		Op:         opName,
		Method:     http.MethodPost,
		Path:       entityPath,
		RawBody:    body,
		Idempotent: true,
	})
	return err
}
