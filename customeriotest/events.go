package customeriotest

import "slices"

// Event is one event, page view or screen view Customer.io recorded.
type Event struct {
	// ID is the de-duplication id sent with the event (a ULID, or the Data
	// Pipelines messageId), or "".
	ID string
	// Name is the event name, or the page URL/name or screen name.
	Name string
	// Type is "event", "page" or "screen".
	Type string
	// AnonymousID is the anonymous id the event was sent with, if any.
	AnonymousID string
	// Timestamp is in Unix seconds: as sent, else the time it arrived.
	Timestamp int64
	// Data is the event's data (v1 "data", v2 "attributes", Data Pipelines
	// "properties").
	Data map[string]any
}

func (e Event) clone() Event {
	e.Data = copyMap(e.Data)
	return e
}

// seen reports whether an event with this de-duplication id was already
// recorded, and marks it recorded. Customer.io keeps the first of several
// events sharing an id, so a retried event lands once.
func (st *store) seen(id string) bool {
	if id == "" {
		return false
	}
	if st.eventIDs[id] {
		return true
	}
	st.eventIDs[id] = true
	return false
}

// addEvent records e for p unless its id was seen before.
func (st *store) addEvent(p *person, e Event) {
	if st.seen(e.ID) {
		return
	}
	st.stamp(&e)
	p.events = append(p.events, e)
}

// addAnonymousEvent records an event of nobody known yet.
func (st *store) addAnonymousEvent(e Event) {
	if st.seen(e.ID) {
		return
	}
	st.stamp(&e)
	st.anonymous = append(st.anonymous, e)
}

func (st *store) stamp(e *Event) {
	if e.Timestamp == 0 {
		e.Timestamp = st.unix()
	}
	if e.Type == "" {
		e.Type = "event"
	}
	e.Data = copyMap(e.Data)
}

// adoptAnonymous moves the anonymous events sent with anonymousID in the last
// 30 days to p, as Customer.io does when a person is identified with an
// anonymous_id. Older ones stay anonymous.
func (st *store) adoptAnonymous(p *person, anonymousID string) {
	oldest := st.now().Add(-anonymousWindow).Unix()
	st.anonymous = slices.DeleteFunc(st.anonymous, func(e Event) bool {
		if e.AnonymousID != anonymousID || e.Timestamp < oldest {
			return false
		}
		p.events = append(p.events, e)
		return true
	})
}

// Events returns the events of one person, in the order they were recorded
// (events merged in from anonymous activity or another profile come after).
// identifier is read the way a Track v1 path is read: "cio_…" is a cio_id, a
// value with "@" an email, anything else an id. An unknown person has none.
func (s *Server) Events(identifier string) []Event {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.state.find(pathIdent(identifier))
	if p == nil {
		return nil
	}
	return cloneEvents(p.events)
}

// AnonymousEvents returns the events not (yet) tied to a person, in order.
func (s *Server) AnonymousEvents() []Event {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return cloneEvents(s.state.anonymous)
}

func cloneEvents(events []Event) []Event {
	if events == nil {
		return nil
	}
	out := make([]Event, len(events))
	for i, e := range events {
		out[i] = e.clone()
	}
	return out
}

// eventTime reads an optional Unix-seconds timestamp.
func eventTime(v any) int64 {
	n, _ := unixSeconds(v)
	return n
}
