package customeriotest

import (
	"net/http"
	"strconv"
)

// segmentJSON is a segment as the App API shows one.
type segmentJSON struct {
	ID            int      `json:"id"`
	DeduplicateID string   `json:"deduplicate_id"`
	Name          string   `json:"name"`
	Description   string   `json:"description"`
	State         string   `json:"state"`
	Progress      *int     `json:"progress"`
	Type          string   `json:"type"`
	Tags          []string `json:"tags"`
	CreatedAt     int64    `json:"created_at"`
	UpdatedAt     int64    `json:"updated_at"`
}

// json renders g; the fake builds segments at once, so state is "finished".
func (g *segment) json() segmentJSON {
	return segmentJSON{
		ID:            g.ID,
		DeduplicateID: strconv.Itoa(g.ID) + ":" + strconv.FormatInt(g.UpdatedAt, 10),
		Name:          g.Name,
		Description:   g.Description,
		State:         "finished",
		Type:          g.Type,
		CreatedAt:     g.CreatedAt,
		UpdatedAt:     g.UpdatedAt,
	}
}

// pathSegment finds the {segment_id} of an App route, answering 404 for an
// unknown one. The caller holds the store lock.
func (s *Server) pathSegment(x *exchange) *segment {
	id, err := strconv.Atoi(x.params["segment_id"])
	g := s.state.segments[id]
	if err != nil || g == nil {
		x.fail(http.StatusNotFound, invalid("segment_id", "segment %s not found", x.params["segment_id"]))
		return nil
	}
	return g
}

// appListSegments is GET /v1/segments: every segment, by id.
func (s *Server) appListSegments(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := []segmentJSON{}
	for _, g := range s.state.sortedSegments() {
		out = append(out, g.json())
	}
	x.ok(map[string]any{"segments": out})
}

// appCreateSegment is POST /v1/segments: body {"segment": {name*, description}};
// the API creates manual segments only.
func (s *Server) appCreateSegment(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	seg := objectField(body, "segment")
	if seg == nil {
		x.fail(http.StatusBadRequest, required("segment"))
		return
	}
	name := str(seg, "name")
	if name == "" {
		x.fail(http.StatusBadRequest, required("segment.name"))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	g := s.state.createSegment(name, str(seg, "description"), segmentManual)
	x.ok(map[string]any{"segment": g.json()})
}

// appGetSegment is GET /v1/segments/{segment_id}.
func (s *Server) appGetSegment(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if g := s.pathSegment(x); g != nil {
		x.ok(map[string]any{"segment": g.json()})
	}
}

// appDeleteSegment is DELETE /v1/segments/{segment_id}; like Customer.io, the
// API deletes manual segments only.
func (s *Server) appDeleteSegment(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	g := s.pathSegment(x)
	switch {
	case g == nil:
	case g.Type != segmentManual:
		x.fail(http.StatusBadRequest, invalid("segment_id", "segment %d is not a manual segment; delete it in the UI", g.ID))
	default:
		delete(s.state.segments, g.ID)
		x.okEmpty()
	}
}

// appSegmentMembership is GET /v1/segments/{segment_id}/membership: the
// members in the order they joined, cursor-paged, 1000 a page by default and
// at most.
func (s *Server) appSegmentMembership(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	g := s.pathSegment(x)
	if g == nil {
		return
	}
	scope := "segment/" + strconv.Itoa(g.ID)
	pr, problems := readPage(x.query, scope, 1000, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	page, next := paginate(g.members, func(m member) int64 { return m.seq }, pr, scope)
	people := make([]*person, 0, len(page))
	for _, m := range page {
		if p := s.state.people[m.cio]; p != nil {
			people = append(people, p)
		}
	}
	x.ok(identifierPage(people, next))
}

// appSegmentCount is GET /v1/segments/{segment_id}/customer_count.
func (s *Server) appSegmentCount(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if g := s.pathSegment(x); g != nil {
		x.ok(map[string]any{"segment_id": g.ID, "count": len(g.members)})
	}
}

// appSegmentUsedBy is GET /v1/segments/{segment_id}/used_by. The fake has no
// campaigns or newsletters, so nothing uses a segment.
func (s *Server) appSegmentUsedBy(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if g := s.pathSegment(x); g != nil {
		x.ok(map[string]any{
			"segment_id": g.ID,
			"used_by":    map[string][]int{"campaigns": {}, "sent_newsletters": {}, "draft_newsletters": {}},
		})
	}
}
