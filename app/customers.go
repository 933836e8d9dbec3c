package app

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"slices"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// CustomersService reads people through the App API. Routes that name one person
// take their customer_id in the path plus an IDType saying what kind of
// identifier it is; a blank customer id or an unknown IDType is a
// *customerio.ValidationError and nothing is sent. To change people, use the Track
// API (package track).
type CustomersService struct{ api *transport.Client }

// personPath is /v1/customers/{customerID}/{what}, the id escaped as one segment.
func personPath(p *problems, customerID, what string) string {
	p.blank("customer_id", customerID)
	return transport.Path("/v1/customers", customerID, what)
}

// GetByEmail returns the identifiers of every person whose email address is email
// (GET /v1/customers?email=); several people can share one address when email is
// not a unique identifier in the workspace. A blank email is a
// *customerio.ValidationError.
func (s *CustomersService) GetByEmail(ctx context.Context, email string) ([]customerio.Identifiers, error) {
	p := newProblems("app.Customers.GetByEmail")
	p.blank("email", email)
	q := params{"email": {email}}
	return fetch[[]customerio.Identifiers](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/customers", Query: q.values()}, "results")
}

// Search returns one page of the people matching filter (POST
// /v1/customers?start=&limit=, body {"filter": …}); pass the page's Next as
// opts.Start for the following one, or use AllSearchResults. A zero or malformed
// filter is a *customerio.ValidationError.
func (s *CustomersService) Search(ctx context.Context, filter Filter, opts ListOptions) (ListPage[customerio.Identifiers], error) {
	p := newProblems("app.Customers.Search")
	q := params{}
	opts.query(p, q)
	body := struct {
		Filter Filter `json:"filter"`
	}{filter.prepare(p, "filter")}
	return fetchPeople(ctx, s.api, p, &transport.Request{
		Method: http.MethodPost,
		Path:   "/v1/customers",
		Query:  q.values(),
		Body:   body,
		// A search reads; repeating it changes nothing.
		Idempotent: true,
	})
}

// AllSearchResults walks every page of Search, from opts.Start on
// (POST /v1/customers).
func (s *CustomersService) AllSearchResults(ctx context.Context, filter Filter, opts ListOptions) iter.Seq2[customerio.Identifiers, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[customerio.Identifiers], error) {
		o := opts
		o.Start = start
		return s.Search(ctx, filter, o)
	})
}

// MaxIDsPerLookup is how many ids Customer.io accepts in one POST
// /v1/customers/attributes request; GetByIDs splits longer lists.
const MaxIDsPerLookup = 100

// GetByIDs returns the profiles, attributes and devices of the people ids (POST
// /v1/customers/attributes, body {"ids": […]}); people that do not exist are left
// out. idType says what kind of identifiers ids holds. Customer.io answers at most
// MaxIDsPerLookup ids per request, so a longer list is sent as consecutive
// requests of that many ids, and their answers are joined in the order of the
// requests; the first failing request ends the call with its error. Customer.io
// answers {"customers": [{"customer": {…}}, …]}, each profile wrapped as
// GetAttributes receives it; an entry sent without the wrapper is read as the
// profile itself. An empty list, a blank id or an unknown idType is a
// *customerio.ValidationError, reported before any request.
func (s *CustomersService) GetByIDs(ctx context.Context, ids []string, idType customerio.IDType) ([]Customer, error) {
	p := newProblems("app.Customers.GetByIDs")
	if len(ids) == 0 {
		p.add("ids", "must list at least one id")
	}
	p.firstBlank("ids", ids)
	q := params{}
	idTypeQuery(p, q, idType)
	if err := p.err(); err != nil {
		return nil, err
	}
	var customers []Customer
	for chunk := range slices.Chunk(ids, MaxIDsPerLookup) {
		body := struct {
			IDs []string `json:"ids"`
		}{chunk}
		entries, err := fetch[[]customerEntry](ctx, s.api, p, &transport.Request{
			Method: http.MethodPost,
			Path:   "/v1/customers/attributes",
			Query:  q.values(),
			Body:   body,
			// A lookup reads; repeating it changes nothing.
			Idempotent: true,
		}, "customers")
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			customers = append(customers, e.Customer)
		}
	}
	return customers, nil
}

// GetAttributes returns a person's profile: identifiers, attributes and the times
// they were set (GET /v1/customers/{customer_id}/attributes).
func (s *CustomersService) GetAttributes(ctx context.Context, customerID string, idType customerio.IDType) (*Customer, error) {
	p := newProblems("app.Customers.GetAttributes")
	path := personPath(p, customerID, "attributes")
	q := params{}
	idTypeQuery(p, q, idType)
	c, err := fetch[Customer](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "customer")
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// GetSegments returns the segments a person belongs to (GET
// /v1/customers/{customer_id}/segments).
func (s *CustomersService) GetSegments(ctx context.Context, customerID string, idType customerio.IDType) ([]Segment, error) {
	p := newProblems("app.Customers.GetSegments")
	path := personPath(p, customerID, "segments")
	q := params{}
	idTypeQuery(p, q, idType)
	return fetch[[]Segment](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "segments")
}

// CustomerMessagesOptions selects a page of a person's messages.
type CustomerMessagesOptions struct {
	// IDType says what kind of identifier the customer id is.
	IDType customerio.IDType
	// Start and Limit page through the list as in ListOptions.
	Start string
	Limit *int
	// StartTS and EndTS keep messages created in this window; the zero time
	// leaves a side open.
	StartTS, EndTS time.Time
}

// ListMessages returns one page of the messages sent to a person, newest first
// (GET /v1/customers/{customer_id}/messages).
func (s *CustomersService) ListMessages(ctx context.Context, customerID string, opts CustomerMessagesOptions) (ListPage[Delivery], error) {
	p := newProblems("app.Customers.ListMessages")
	path := personPath(p, customerID, "messages")
	q := params{}
	idTypeQuery(p, q, opts.IDType)
	ListOptions{Start: opts.Start, Limit: opts.Limit}.query(p, q)
	q.unix("start_ts", opts.StartTS)
	q.unix("end_ts", opts.EndTS)
	return fetchPage[Delivery](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "messages")
}

// AllMessages walks every page of ListMessages, from opts.Start on
// (GET /v1/customers/{customer_id}/messages).
func (s *CustomersService) AllMessages(ctx context.Context, customerID string, opts CustomerMessagesOptions) iter.Seq2[Delivery, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[Delivery], error) {
		o := opts
		o.Start = start
		return s.ListMessages(ctx, customerID, o)
	})
}

// ActivitiesOptions selects a page of a person's activities.
type ActivitiesOptions struct {
	// IDType says what kind of identifier the customer id is.
	IDType customerio.IDType
	// Start and Limit page through the list as in ListOptions.
	Start string
	Limit *int
	// Type keeps one activity type, such as "event", "attribute_change" or
	// "sent_email".
	Type string
	// Name keeps one event or attribute name, for those types.
	Name string
}

// ListActivities returns one page of a person's activities, newest first (GET
// /v1/customers/{customer_id}/activities).
func (s *CustomersService) ListActivities(ctx context.Context, customerID string, opts ActivitiesOptions) (ListPage[Activity], error) {
	p := newProblems("app.Customers.ListActivities")
	path := personPath(p, customerID, "activities")
	q := params{}
	idTypeQuery(p, q, opts.IDType)
	ListOptions{Start: opts.Start, Limit: opts.Limit}.query(p, q)
	q.str("type", opts.Type)
	q.str("name", opts.Name)
	return fetchPage[Activity](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "activities")
}

// AllActivities walks every page of ListActivities, from opts.Start on
// (GET /v1/customers/{customer_id}/activities).
func (s *CustomersService) AllActivities(ctx context.Context, customerID string, opts ActivitiesOptions) iter.Seq2[Activity, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[Activity], error) {
		o := opts
		o.Start = start
		return s.ListActivities(ctx, customerID, o)
	})
}

// RelationshipsOptions selects a page of a person's relationships.
type RelationshipsOptions struct {
	// IDType says what kind of identifier the customer id is.
	IDType customerio.IDType
	// Start and Limit page through the list as in ListOptions.
	Start string
	Limit *int
}

// ListRelationships returns one page of the objects (companies, accounts, …) a
// person is related to (GET /v1/customers/{customer_id}/relationships). Each entry
// is kept as Customer.io sends it, its object identifiers and relationship
// attributes included.
func (s *CustomersService) ListRelationships(ctx context.Context, customerID string, opts RelationshipsOptions) (ListPage[map[string]any], error) {
	p := newProblems("app.Customers.ListRelationships")
	path := personPath(p, customerID, "relationships")
	q := params{}
	idTypeQuery(p, q, opts.IDType)
	ListOptions{Start: opts.Start, Limit: opts.Limit}.query(p, q)
	return fetchPage[map[string]any](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "cio_relationships")
}

// AllRelationships walks every page of ListRelationships, from opts.Start on
// (GET /v1/customers/{customer_id}/relationships).
func (s *CustomersService) AllRelationships(ctx context.Context, customerID string, opts RelationshipsOptions) iter.Seq2[map[string]any, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[map[string]any], error) {
		o := opts
		o.Start = start
		return s.ListRelationships(ctx, customerID, o)
	})
}

// GetSubscriptionPreferences returns a person's subscription-center preferences
// (GET /v1/customers/{customer_id}/subscription_preferences): which topics they
// are subscribed to. language, when set, picks the translation of topic names.
// Customer.io does not document the shape, so the value under "customer" is
// returned as received.
func (s *CustomersService) GetSubscriptionPreferences(ctx context.Context, customerID string, idType customerio.IDType, language string) (json.RawMessage, error) {
	p := newProblems("app.Customers.GetSubscriptionPreferences")
	path := personPath(p, customerID, "subscription_preferences")
	q := params{}
	idTypeQuery(p, q, idType)
	q.str("language", language)
	return fetch[json.RawMessage](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "customer")
}
