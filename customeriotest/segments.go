package customeriotest

import (
	"fmt"
	"slices"
	"sort"

	customerio "github.com/gocustomerio/customerio"
)

// Segment is a segment of the fake workspace. Manual segments take people
// through the Track API; the fake never evaluates a dynamic segment's
// conditions, so a dynamic segment holds whoever test setup puts in it with
// AddToSegment.
type Segment struct {
	ID          int
	Name        string
	Description string
	// Type is "manual" or "dynamic".
	Type      string
	CreatedAt int64
	UpdatedAt int64
}

// Segment types.
const (
	segmentManual  = "manual"
	segmentDynamic = "dynamic"
)

type member struct {
	seq int64
	cio string
}

type segment struct {
	Segment
	members []member
}

func (g *segment) has(cio string) bool {
	return slices.ContainsFunc(g.members, func(m member) bool { return m.cio == cio })
}

// add appends cio with the ordering number seq unless already a member.
func (g *segment) add(cio string, seq int64) {
	if !g.has(cio) {
		g.members = append(g.members, member{seq: seq, cio: cio})
	}
}

func (g *segment) remove(cio string) {
	g.members = slices.DeleteFunc(g.members, func(m member) bool { return m.cio == cio })
}

func (st *store) createSegment(name, description, typ string) *segment {
	st.nextSegment++
	now := st.unix()
	g := &segment{Segment: Segment{ID: st.nextSegment, Name: name, Description: description, Type: typ, CreatedAt: now, UpdatedAt: now}}
	st.segments[g.ID] = g
	return g
}

func (st *store) sortedSegments() []*segment {
	out := make([]*segment, 0, len(st.segments))
	for _, g := range st.segments {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// CreateSegment adds a segment, manual or dynamic, and returns its id, as a
// workspace set up in the UI would have it. Segment ids count up from 1.
func (s *Server) CreateSegment(name string, manual bool) int {
	typ := segmentDynamic
	if manual {
		typ = segmentManual
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return s.state.createSegment(name, "", typ).ID
}

// AddToSegment puts the people with these ids into the segment, whatever its
// type. It fails when the segment or one of the people does not exist; the
// people before that one are added.
func (s *Server) AddToSegment(segmentID int, personIDs ...string) error {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	g := s.state.segments[segmentID]
	if g == nil {
		return fmt.Errorf("customeriotest: AddToSegment: no segment %d", segmentID)
	}
	for _, id := range personIDs {
		p := s.state.find(ident{kindID, id})
		if p == nil {
			return fmt.Errorf("customeriotest: AddToSegment: no person with id %q", id)
		}
		g.add(p.cioID, s.state.next())
	}
	return nil
}

// Segments returns every segment, by id.
func (s *Server) Segments() []Segment {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	var out []Segment
	for _, g := range s.state.sortedSegments() {
		out = append(out, g.Segment)
	}
	return out
}

// SegmentMembers returns the members of a segment in the order they joined;
// nil when the segment does not exist.
func (s *Server) SegmentMembers(segmentID int) []customerio.Identifiers {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	g := s.state.segments[segmentID]
	if g == nil {
		return nil
	}
	out := make([]customerio.Identifiers, 0, len(g.members))
	for _, m := range g.members {
		if p := s.state.people[m.cio]; p != nil {
			out = append(out, p.identifiers())
		}
	}
	return out
}
