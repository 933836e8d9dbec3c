package app

import (
	"context"
	"iter"
	"net/http"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// ActivitiesService reads the activity log of the whole workspace: the
// events, attribute changes and message activities of every person, as the
// Activity Logs page shows them. For one person's activities,
// CustomersService.ListActivities takes the person in the path; both return
// Activity. Customer.io guarantees the last 30 days of activity.
type ActivitiesService struct{ api *transport.Client }

// WorkspaceActivitiesOptions selects a page of the workspace's activities.
type WorkspaceActivitiesOptions struct {
	// Start and Limit page through the list as in ListOptions; Customer.io
	// serves at most 100 a page.
	Start string
	Limit *int
	// Type keeps one activity type, such as "event", "attribute_change" or
	// "sent_email", as in ActivitiesOptions.Type.
	Type string
	// Name keeps one event or attribute name, for those types.
	Name string
	// Deleted, when true, returns the activities of deleted people instead;
	// nil leaves Customer.io's default (false).
	Deleted *bool
	// CustomerID keeps one person's activities; IDType says what kind of
	// identifier it is, and is refused without a CustomerID.
	CustomerID string
	IDType     customerio.IDType
}

// query checks o and adds it to q.
func (o WorkspaceActivitiesOptions) query(p *problems, q params) {
	ListOptions{Start: o.Start, Limit: o.Limit}.query(p, q)
	q.str("type", o.Type)
	q.str("name", o.Name)
	q.boolPtr("deleted", o.Deleted)
	if o.CustomerID != "" {
		p.blank("customer_id", o.CustomerID)
	} else if o.IDType != "" {
		p.add("id_type", "needs a customer_id to apply to")
	}
	q.str("customer_id", o.CustomerID)
	idTypeQuery(p, q, o.IDType)
}

// List returns one page of the workspace's activities, newest first (GET
// /v1/activities).
func (s *ActivitiesService) List(ctx context.Context, opts WorkspaceActivitiesOptions) (ListPage[Activity], error) {
	p := newProblems("app.Activities.List")
	q := params{}
	opts.query(p, q)
	return fetchPage[Activity](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/activities", Query: q.values()}, "activities")
}

// All walks every page of List (GET /v1/activities), from opts.Start on.
func (s *ActivitiesService) All(ctx context.Context, opts WorkspaceActivitiesOptions) iter.Seq2[Activity, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[Activity], error) {
		o := opts
		o.Start = start
		return s.List(ctx, o)
	})
}
