package track

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/trackv2"
)

// Client calls Customer.io's Track API v1 for one workspace, authenticated with
// the workspace's site id and Track API key (HTTP Basic). It is immutable and safe
// for concurrent use; build one with New and share it.
//
// Formatting a Client with any fmt verb shows its site id and base URL only,
// never the API key.
type Client struct {
	siteID string
	api    *transport.Client
	v2     *trackv2.Client
}

// New returns a Track API v1 client for the workspace identified by siteID and
// apiKey (Settings › API credentials in Customer.io). Requests go to the Track host
// of the region chosen with customerio.WithRegion (https://track.customer.io by
// default, https://track-eu.customer.io for customerio.RegionEU), or to
// customerio.WithBaseURL when given.
//
// An empty siteID or apiKey, or a site id containing ':', which HTTP Basic
// authentication cannot carry, is a *customerio.ValidationError; an invalid option
// is returned as the option reports it.
func New(siteID, apiKey string, opts ...customerio.Option) (*Client, error) {
	const op = "track.New"
	ve := &customerio.ValidationError{Op: op}
	switch {
	case siteID == "":
		ve.Fields = append(ve.Fields, customerio.FieldError{Field: "siteID", Message: "must not be blank"})
	case strings.Contains(siteID, ":"):
		ve.Fields = append(ve.Fields, customerio.FieldError{Field: "siteID", Message: "must not contain ':'"})
	}
	if apiKey == "" {
		ve.Fields = append(ve.Fields, customerio.FieldError{Field: "apiKey", Message: "must not be blank"})
	}
	if len(ve.Fields) > 0 {
		return nil, ve
	}
	conf, err := settings.Resolve("track", opts)
	if err != nil {
		return nil, err
	}
	v2, err := trackv2.New(siteID, apiKey, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{
		siteID: siteID,
		api:    transport.New(conf, settings.TrackAPI, transport.Basic(siteID, apiKey)),
		v2:     v2,
	}, nil
}

// V2 returns the Track API v2 client for the same workspace, built with the same
// credentials and options, so both share the HTTP client, region, retry strategy
// and logger.
func (c *Client) V2() *trackv2.Client { return c.v2 }

// String names the client by its site id and base URL; the API key is never
// shown.
func (c *Client) String() string {
	if c == nil {
		return "track.Client(nil)"
	}
	return "track.Client{site: " + c.siteID + ", base: " + c.api.BaseURL() + "}"
}

// Format prints String for every verb, %#v and %+v included, so no formatting of a
// Client can reach the credentials it holds.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// send makes one call through the shared request path. Every request body is held
// to customerio.MaxEntityBytes before anything is sent.
func (c *Client) send(ctx context.Context, req *transport.Request) error {
	req.MaxBodyBytes = customerio.MaxEntityBytes
	_, err := c.api.Do(ctx, req)
	return err
}

// customersPrefix is the root of every person-scoped Track v1 path.
const customersPrefix = "/api/v1/customers"

// customerPath is /api/v1/customers/{id}/{rest…}, each part escaped as one path
// segment, so an email, a "cio_"-prefixed id or an id containing "/" addresses
// exactly one person.
func customerPath(id string, rest ...string) string {
	return transport.Path(customersPrefix, append([]string{id}, rest...)...)
}

// unixOrNil is t in Unix seconds, or nil for the zero time, for optional
// timestamp fields.
func unixOrNil(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	s := t.Unix()
	return &s
}
