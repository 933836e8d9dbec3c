package app

import (
	"context"
	"net/http"
	"strconv"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// OptOutChange opts a person out of one sender, or back in to it.
type OptOutChange struct {
	// From is the sender; required (see OptOut.From).
	From string `json:"from"`
	// OptOut is true to opt the person out of the sender, false to opt them
	// back in. It is always sent.
	OptOut bool `json:"optout"`
	// Channel is sms or whatsapp; empty is sms.
	Channel OptOutChannel `json:"channel,omitempty"`
}

// GetOptOuts returns the senders a person opted out of, on every channel (GET
// /v1/customers/{customer_id}/optouts). An empty slice means none.
func (s *CustomersService) GetOptOuts(ctx context.Context, customerID string, idType customerio.IDType) ([]OptOut, error) {
	p := newProblems("app.Customers.GetOptOuts")
	path := personPath(p, customerID, "optouts")
	q := params{}
	idTypeQuery(p, q, idType)
	return fetch[[]OptOut](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "optouts")
}

// UpdateOptOuts opts a person out of, or back in to, the senders changes name
// (PUT /v1/customers/{customer_id}/optouts); senders it does not name are left
// as they are. Customer.io applies the change asynchronously, so a read right
// after may not show it yet.
//
// Each change states the end result (opted out or not) rather than a toggle,
// so applying the same request twice leaves the person as once; that is why
// retry strategies may repeat it like any PUT. No changes, a blank From, or a
// channel other than sms and whatsapp is a *customerio.ValidationError.
func (s *CustomersService) UpdateOptOuts(ctx context.Context, customerID string, idType customerio.IDType, changes []OptOutChange) error {
	p := newProblems("app.Customers.UpdateOptOuts")
	path := personPath(p, customerID, "optouts")
	q := params{}
	idTypeQuery(p, q, idType)
	if len(changes) == 0 {
		p.add("optouts", "must list at least one sender")
	}
	for i, c := range changes {
		field := "optouts[" + strconv.Itoa(i) + "]"
		p.blank(field+".from", c.From)
		c.Channel.check(p, field+".channel")
	}
	body := struct {
		OptOuts []OptOutChange `json:"optouts"`
	}{changes}
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodPut, Path: path, Query: q.values(), Body: body})
}
