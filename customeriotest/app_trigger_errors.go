package customeriotest

import (
	"fmt"
	"net/http"
	"strconv"
)

// The fake creates nobody for a broadcast trigger: an entry of ids, emails or
// per_user_data naming no person in the workspace is a problem of the trigger,
// reported as "line <n>: …" (n counting entries from 1) by
// GET /v1/campaigns/{broadcast_id}/triggers/{trigger_id}/errors.

// triggerProblems lists the entries of body that name nobody. The caller holds
// the store lock.
func (st *store) triggerProblems(body map[string]any) []string {
	var out []string
	check := func(line int, kind, value string) {
		if st.find(ident{kind, value}) == nil {
			out = append(out, fmt.Sprintf("line %d: no person with %s %q", line, kind, value))
		}
	}
	for k, kind := range map[string]string{"ids": kindID, "emails": kindEmail} {
		list, _ := body[k].([]any)
		for i, v := range list {
			s, _ := scalarString(v)
			check(i+1, kind, s)
		}
	}
	list, _ := body["per_user_data"].([]any)
	for i, v := range list {
		m, _ := v.(map[string]any)
		switch id, email := str(m, "id"), str(m, "email"); {
		case (id == "") == (email == ""):
			out = append(out, fmt.Sprintf("line %d: set exactly one of id and email", i+1))
		case id != "":
			check(i+1, kindID, id)
		default:
			check(i+1, kindEmail, email)
		}
	}
	return out
}

// appTriggerErrors is GET /v1/campaigns/{broadcast_id}/triggers/{trigger_id}/errors:
// {"errors": ["line n: …", …], "next": <offset>}, paged by integer offset
// (start), 10 a page by default and at most 100; next is 0 after the last page.
func (s *Server) appTriggerErrors(x *exchange) {
	broadcast, _ := strconv.Atoi(x.params["broadcast_id"])
	id, _ := strconv.Atoi(x.params["trigger_id"])
	limit := 10
	if v := x.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			x.fail(http.StatusBadRequest, invalid("limit", "limit must be a positive integer"))
			return
		}
		limit = min(n, 100)
	}
	start := 0
	if v := x.query.Get("start"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			x.fail(http.StatusBadRequest, invalid("start", "start must be a non-negative offset"))
			return
		}
		start = n
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if id < 1 || id > len(s.state.triggers) || s.state.triggers[id-1].BroadcastID != broadcast {
		x.fail(http.StatusNotFound, invalid("trigger_id", "trigger %q not found", x.params["trigger_id"]))
		return
	}
	all := s.state.app.triggerErrors[id]
	lo := min(start, len(all))
	hi := min(lo+limit, len(all))
	next := 0
	if hi < len(all) {
		next = hi
	}
	page := append([]string{}, all[lo:hi]...)
	x.ok(map[string]any{"errors": page, "next": next})
}
