package app

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// Broadcast is an API-triggered broadcast and its settings; broadcasts are built
// in the UI and sent with Trigger.
type Broadcast struct {
	ID            int    `json:"id"`
	DeduplicateID string `json:"deduplicate_id"`
	Name          string `json:"name"`
	// Type is "triggered_broadcast".
	Type string `json:"type"`
	// Active reports whether the broadcast can be triggered; State says more,
	// such as "draft" or "running".
	Active    bool        `json:"active"`
	State     string      `json:"state"`
	Actions   []ActionRef `json:"actions"`
	Tags      []string    `json:"tags"`
	CreatedBy string      `json:"created_by"`
	Created   time.Time   `json:"created"`
	Updated   time.Time   `json:"updated"`
	// FirstStarted is when the broadcast was first triggered; zero if never.
	FirstStarted time.Time `json:"first_started"`
}

// UnmarshalJSON reads created, updated and first_started as Unix seconds, and
// tags as Campaign does.
func (b *Broadcast) UnmarshalJSON(data []byte) error {
	type fields Broadcast
	var w struct {
		fields
		Tags         tagList  `json:"tags"`
		Created      unixTime `json:"created"`
		Updated      unixTime `json:"updated"`
		FirstStarted unixTime `json:"first_started"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*b = Broadcast(w.fields)
	b.Tags = []string(w.Tags)
	b.Created = time.Time(w.Created)
	b.Updated = time.Time(w.Updated)
	b.FirstStarted = time.Time(w.FirstStarted)
	return nil
}

// broadcastPath is /v1/broadcasts/{broadcast_id}[/{what}…], each part one
// escaped segment.
func broadcastPath(p *problems, id int, what ...string) string {
	p.id("broadcast_id", id)
	return transport.Path("/v1/broadcasts", append([]string{strconv.Itoa(id)}, what...)...)
}

// List returns every API-triggered broadcast of the workspace (GET
// /v1/broadcasts).
func (s *BroadcastsService) List(ctx context.Context) ([]Broadcast, error) {
	p := newProblems("app.Broadcasts.List")
	return fetch[[]Broadcast](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/broadcasts"}, "broadcasts")
}

// Get returns one broadcast (GET /v1/broadcasts/{broadcast_id}).
func (s *BroadcastsService) Get(ctx context.Context, broadcastID int) (*Broadcast, error) {
	p := newProblems("app.Broadcasts.Get")
	path := broadcastPath(p, broadcastID)
	b, err := fetch[Broadcast](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "broadcast")
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// ListDeliveries returns one page of the deliveries a broadcast made (GET
// /v1/broadcasts/{broadcast_id}/messages), filtered by Metric, State, Type and
// time. An unknown Metric, State or Type, or Drafts (which this route does not
// take), is a *customerio.ValidationError.
func (s *BroadcastsService) ListDeliveries(ctx context.Context, broadcastID int, opts DeliveriesOptions) (ListPage[Delivery], error) {
	p := newProblems("app.Broadcasts.ListDeliveries")
	path := broadcastPath(p, broadcastID, "messages")
	q := params{}
	opts.query(p, q, filterState|filterType)
	return fetchPage[Delivery](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "messages")
}

// AllDeliveries walks every page of ListDeliveries, from opts.Start on
// (GET /v1/broadcasts/{broadcast_id}/messages).
func (s *BroadcastsService) AllDeliveries(ctx context.Context, broadcastID int, opts DeliveriesOptions) iter.Seq2[Delivery, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[Delivery], error) {
		o := opts
		o.Start = start
		return s.ListDeliveries(ctx, broadcastID, o)
	})
}

// ListTriggers returns every trigger of a broadcast (GET
// /v1/broadcasts/{broadcast_id}/triggers).
func (s *BroadcastsService) ListTriggers(ctx context.Context, broadcastID int) ([]Trigger, error) {
	p := newProblems("app.Broadcasts.ListTriggers")
	path := broadcastPath(p, broadcastID, "triggers")
	return fetch[[]Trigger](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "triggers")
}
