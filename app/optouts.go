package app

import (
	"context"
	"iter"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
)

// OptOutsService lists the workspace's SMS and WhatsApp opt-outs: people who
// asked one sender (a phone number, an alphanumeric sender id or a
// messaging-service SID) to stop messaging them on one channel. One person's
// opt-outs are read and changed on the Customers service (GetOptOuts,
// UpdateOptOuts).
type OptOutsService struct{ api *transport.Client }

// OptOutChannel is the channel of an opt-out.
type OptOutChannel string

// The channels a person can opt out of a sender on.
const (
	OptOutSMS      OptOutChannel = "sms"
	OptOutWhatsApp OptOutChannel = "whatsapp"
)

// check records a channel other than sms and whatsapp; empty is allowed where
// Customer.io defaults it to sms.
func (c OptOutChannel) check(p *problems, field string) {
	switch c {
	case "", OptOutSMS, OptOutWhatsApp:
	default:
		p.add(field, "must be %q or %q, not %q", OptOutSMS, OptOutWhatsApp, string(c))
	}
}

// OptOut is one sender a person opted out of, on one channel.
type OptOut struct {
	Channel OptOutChannel `json:"channel"`
	// From is the sender: for SMS an E.164 phone number, an alphanumeric sender
	// id or a messaging-service SID; for WhatsApp the sender's phone number.
	From string `json:"from"`
}

// PersonOptOuts is one person and the senders they opted out of.
type PersonOptOuts struct {
	CustomerID string   `json:"customer_id"`
	CIOID      string   `json:"cio_id"`
	OptOuts    []OptOut `json:"optouts"`
}

// OptOutsOptions selects one page of opt-outs.
type OptOutsOptions struct {
	// Limit caps the page, at most 1000 (Customer.io's default is 100).
	ListOptions
	// From keeps the people opted out of this sender, on any channel.
	From string
}

// maxOptOutsPage is the largest page of GET /v1/optouts.
const maxOptOutsPage = 1000

// List returns one page of the workspace's opt-outs, one entry per person (GET
// /v1/optouts); pass the page's Next as opts.Start for the following one. A
// Limit above 1000 is a *customerio.ValidationError.
func (s *OptOutsService) List(ctx context.Context, opts OptOutsOptions) (ListPage[PersonOptOuts], error) {
	p := newProblems("app.OptOuts.List")
	if opts.Limit != nil && *opts.Limit > maxOptOutsPage {
		p.add("limit", "must be at most %d, not %d", maxOptOutsPage, *opts.Limit)
	}
	q := params{}
	opts.query(p, q)
	q.str("from", opts.From)
	return fetchPage[PersonOptOuts](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/optouts", Query: q.values()}, "optouts")
}

// All walks every page of List (GET /v1/optouts), from opts.Start on.
func (s *OptOutsService) All(ctx context.Context, opts OptOutsOptions) iter.Seq2[PersonOptOuts, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[PersonOptOuts], error) {
		o := opts
		o.Start = start
		return s.List(ctx, o)
	})
}
