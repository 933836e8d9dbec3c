package customeriotest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// espSuppression is an address on one of the ESP's suppression lists. The fake
// has one sending domain, so a suppression is on whatever domain a request
// names.
type espSuppression struct {
	seq     int64
	list    string
	email   string
	created int64
}

// espSuppressionJSON is a suppression as the App API shows one.
type espSuppressionJSON struct {
	Created int64  `json:"created"`
	Email   string `json:"email"`
	Reason  string `json:"reason"`
	Status  string `json:"status"`
}

func (e *espSuppression) json() espSuppressionJSON {
	return espSuppressionJSON{Created: e.created, Email: e.email, Reason: "Uploaded manually via api.customer.io", Status: "550"}
}

// espCategory is the "category" an answer gives a list: "spam" for spam
// reports, the list's name otherwise.
func espCategory(list string) string {
	if list == "spam_reports" {
		return "spam"
	}
	return list
}

// pathSuppressionType reads {suppression_type}, answering 400 for an unknown
// list.
func pathSuppressionType(x *exchange) (string, bool) {
	switch t := x.params["suppression_type"]; t {
	case "blocks", "bounces", "spam_reports", "invalid_emails":
		return t, true
	}
	x.fail(http.StatusBadRequest, invalid("suppression_type", "suppression_type must be blocks, bounces, spam_reports or invalid_emails"))
	return "", false
}

func espKey(list, email string) string { return list + "|" + strings.ToLower(email) }

// espList returns the suppressions of one list in the order they were made.
// The caller holds the store lock.
func (st *store) espList(list string) []*espSuppression {
	var out []*espSuppression
	for _, e := range st.esp {
		if e.list == list {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b *espSuppression) int { return int(a.seq - b.seq) })
	return out
}

// appSuppress is POST /v1/esp/suppression/{suppression_type}/{email_address}:
// adds the address to the list (again: nothing changes), answering {}.
func (s *Server) appSuppress(x *exchange) {
	list, ok := pathSuppressionType(x)
	if !ok {
		return
	}
	email := x.params["email_address"]
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if _, there := s.state.esp[espKey(list, email)]; !there {
		s.state.esp[espKey(list, email)] = &espSuppression{seq: s.state.next(), list: list, email: email, created: s.state.unix()}
	}
	x.okEmpty()
}

// appUnsuppress is DELETE /v1/esp/suppression/{suppression_type}/{email_address}:
// removes the address from the list, answering 204 whether or not it was
// there.
func (s *Server) appUnsuppress(x *exchange) {
	list, ok := pathSuppressionType(x)
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	delete(s.state.esp, espKey(list, x.params["email_address"]))
	x.reply(http.StatusNoContent, nil)
}

// appSuppressionsByType is GET /v1/esp/suppression/{suppression_type}: paged
// by offset and limit (default 100, at most 1000), with no cursor in the
// answer. domain is accepted and, the fake having one sending domain, keeps
// every address.
func (s *Server) appSuppressionsByType(x *exchange) {
	list, ok := pathSuppressionType(x)
	if !ok {
		return
	}
	limit, offset := 100, 0
	if v := x.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			x.fail(http.StatusBadRequest, invalid("limit", "limit must be between 1 and 1000"))
			return
		}
		limit = n
	}
	if v := x.query.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			x.fail(http.StatusBadRequest, invalid("offset", "offset must be a non-negative integer"))
			return
		}
		offset = n
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	all := s.state.espList(list)
	lo := min(offset, len(all))
	hi := min(lo+limit, len(all))
	out := []espSuppressionJSON{}
	for _, e := range all[lo:hi] {
		out = append(out, e.json())
	}
	x.ok(map[string]any{"category": espCategory(list), "suppressions": out})
}

// appDomainSuppressions is GET
// /v1/esp/domains/{domain_name}/suppression/{suppression_type}: cursor-paged
// (limit default 100, at most 1000); email keeps that address only, with no
// next page.
func (s *Server) appDomainSuppressions(x *exchange) {
	list, ok := pathSuppressionType(x)
	if !ok {
		return
	}
	scope := "esp/" + list
	pr, problems := readPage(x.query, scope, 100, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	all := s.state.espList(list)
	if email := x.query.Get("email"); email != "" {
		all = slices.DeleteFunc(all, func(e *espSuppression) bool { return !strings.EqualFold(e.email, email) })
	}
	page, next := paginate(all, func(e *espSuppression) int64 { return e.seq }, pr, scope)
	out := []espSuppressionJSON{}
	for _, e := range page {
		out = append(out, e.json())
	}
	x.ok(map[string]any{"category": espCategory(list), "suppressions": out, "next": next})
}

// appSearchSuppression is GET /v1/esp/search_suppression/{email_address}: the
// address on every list it is on; the category is the first such list's.
func (s *Server) appSearchSuppression(x *exchange) {
	email := x.params["email_address"]
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := []espSuppressionJSON{}
	category := ""
	for _, list := range []string{"bounces", "blocks", "spam_reports", "invalid_emails"} {
		if e := s.state.esp[espKey(list, email)]; e != nil {
			if category == "" {
				category = espCategory(list)
			}
			out = append(out, e.json())
		}
	}
	answer := map[string]any{"suppressions": out}
	if category != "" {
		answer["category"] = category
	}
	x.ok(answer)
}
