package customeriotest

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
)

// appListActivities is GET /v1/activities: the activities of every person (as
// GET /v1/customers/{customer_id}/activities reads them for one), newest
// first, filtered by type, name and customer_id (with id_type),
// cursor-paged (10 a page by default, at most 100). The fake forgets deleted
// people, so deleted=true lists nothing.
func (s *Server) appListActivities(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	const scope = "activities"
	kp, problems := readKeyPage(x.query, scope, 10, 100)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	people := s.state.sortedPeople()
	if v := x.query.Get("customer_id"); v != "" {
		who, ok := x.queryIdent(v)
		if !ok {
			return
		}
		people = nil
		if p := s.state.find(who); p != nil {
			people = []*person{p}
		}
	} else if x.query.Get("id_type") != "" {
		x.fail(http.StatusBadRequest, invalid("id_type", "id_type needs a customer_id"))
		return
	}
	if x.query.Get("deleted") == "true" {
		people = nil
	}
	typ, name := x.query.Get("type"), x.query.Get("name")
	var all []activityJSON
	for _, p := range people {
		for _, a := range s.state.activities(p) {
			if (typ == "" || a.Type == typ) && (name == "" || a.Name == name) {
				all = append(all, a)
			}
		}
	}
	slices.SortStableFunc(all, func(a, b activityJSON) int {
		if c := cmp.Compare(b.Timestamp, a.Timestamp); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	page, next := paginateKeys(all, func(a activityJSON) string { return a.ID }, kp, scope)
	if page == nil {
		page = []activityJSON{}
	}
	x.ok(map[string]any{"activities": page, "next": next})
}
