package app

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"strconv"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// SegmentsService manages segments: groups of people that campaigns, broadcasts and
// newsletters target. Data-driven segments are built in Customer.io; manual ones
// can be created here and filled with the Track API (track.Client.AddToSegment).
// A segment id below 1 is a *customerio.ValidationError and nothing is sent.
type SegmentsService struct{ api *transport.Client }

// Segment describes one segment.
type Segment struct {
	ID            int    `json:"id"`
	DeduplicateID string `json:"deduplicate_id"`
	Name          string `json:"name"`
	Description   string `json:"description"`
	// State is how far Customer.io got building the segment: "events", "build",
	// "events_queued", "build_queued" or "finished".
	State string `json:"state"`
	// Progress is how far along the current build is, when one is running.
	Progress int `json:"progress"`
	// Type is "dynamic" (built from conditions) or "manual".
	Type      string    `json:"type"`
	Tags      []string  `json:"tags"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// UnmarshalJSON reads created_at and updated_at as Unix seconds.
func (s *Segment) UnmarshalJSON(b []byte) error {
	type fields Segment
	var w struct {
		fields
		CreatedAt unixTime `json:"created_at"`
		UpdatedAt unixTime `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = Segment(w.fields)
	s.CreatedAt = time.Time(w.CreatedAt)
	s.UpdatedAt = time.Time(w.UpdatedAt)
	return nil
}

// segmentPath is /v1/segments/{id}[/{what}].
func segmentPath(p *problems, id int, what ...string) string {
	p.id("segment_id", id)
	return transport.Path("/v1/segments", append([]string{strconv.Itoa(id)}, what...)...)
}

// List returns every segment of the workspace (GET /v1/segments).
func (s *SegmentsService) List(ctx context.Context) ([]Segment, error) {
	p := newProblems("app.Segments.List")
	return fetch[[]Segment](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/segments"}, "segments")
}

// CreateSegmentRequest describes a new manual segment.
type CreateSegmentRequest struct {
	// Name names the segment; required.
	Name string `json:"name"`
	// Description is sent only when set.
	Description string `json:"description,omitempty"`
}

// Create creates an empty manual segment (POST /v1/segments, body {"segment":
// {…}}) and returns it. Creating is not idempotent: a repeat makes a second
// segment, so retry strategies repeat it only when Customer.io cannot have acted
// on it. A blank name is a *customerio.ValidationError.
func (s *SegmentsService) Create(ctx context.Context, req CreateSegmentRequest) (*Segment, error) {
	p := newProblems("app.Segments.Create")
	p.blank("name", req.Name)
	body := struct {
		Segment CreateSegmentRequest `json:"segment"`
	}{req}
	seg, err := fetch[Segment](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: "/v1/segments", Body: body}, "segment")
	if err != nil {
		return nil, err
	}
	return &seg, nil
}

// Get returns one segment (GET /v1/segments/{segment_id}).
func (s *SegmentsService) Get(ctx context.Context, segmentID int) (*Segment, error) {
	p := newProblems("app.Segments.Get")
	path := segmentPath(p, segmentID)
	seg, err := fetch[Segment](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "segment")
	if err != nil {
		return nil, err
	}
	return &seg, nil
}

// Delete deletes a manual segment (DELETE /v1/segments/{segment_id}).
func (s *SegmentsService) Delete(ctx context.Context, segmentID int) error {
	p := newProblems("app.Segments.Delete")
	path := segmentPath(p, segmentID)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: path})
}

// errNoCount is a customer_count answer without its count.
var errNoCount = errors.New(`no "count" in the answer`)

// GetCustomerCount returns how many people are in a segment (GET
// /v1/segments/{segment_id}/customer_count, answer {"count": n}).
func (s *SegmentsService) GetCustomerCount(ctx context.Context, segmentID int) (int, error) {
	p := newProblems("app.Segments.GetCustomerCount")
	path := segmentPath(p, segmentID, "customer_count")
	body, err := fetchBody(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path})
	if err != nil {
		return 0, err
	}
	var answer struct {
		Count *int `json:"count"`
	}
	if err := unmarshal(p.op, body, body, &answer); err != nil {
		return 0, err
	}
	if answer.Count == nil {
		return 0, &customerio.DecodeError{Op: p.op, Body: body, Err: errNoCount}
	}
	return *answer.Count, nil
}

// SegmentUsage lists what uses a segment, by id.
type SegmentUsage struct {
	Campaigns        []int `json:"campaigns"`
	SentNewsletters  []int `json:"sent_newsletters"`
	DraftNewsletters []int `json:"draft_newsletters"`
}

// GetUsedBy returns the campaigns and newsletters that use a segment (GET
// /v1/segments/{segment_id}/used_by), for instance to check before deleting it.
func (s *SegmentsService) GetUsedBy(ctx context.Context, segmentID int) (*SegmentUsage, error) {
	p := newProblems("app.Segments.GetUsedBy")
	path := segmentPath(p, segmentID, "used_by")
	usage, err := fetch[SegmentUsage](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "used_by")
	if err != nil {
		return nil, err
	}
	return &usage, nil
}

// ListMembers returns one page of a segment's members (GET
// /v1/segments/{segment_id}/membership); Customer.io serves up to 1000 per page.
func (s *SegmentsService) ListMembers(ctx context.Context, segmentID int, opts ListOptions) (ListPage[customerio.Identifiers], error) {
	p := newProblems("app.Segments.ListMembers")
	path := segmentPath(p, segmentID, "membership")
	q := params{}
	opts.query(p, q)
	return fetchPeople(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()})
}

// AllMembers walks every page of ListMembers, from opts.Start on
// (GET /v1/segments/{segment_id}/membership).
func (s *SegmentsService) AllMembers(ctx context.Context, segmentID int, opts ListOptions) iter.Seq2[customerio.Identifiers, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[customerio.Identifiers], error) {
		o := opts
		o.Start = start
		return s.ListMembers(ctx, segmentID, o)
	})
}
