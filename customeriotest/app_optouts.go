package customeriotest

import (
	"net/http"
	"slices"
	"strings"
)

// optOut is one sender a person opted out of, on one channel.
type optOut struct {
	Channel string `json:"channel"`
	From    string `json:"from"`
}

// normalSender is how Customer.io compares SMS senders: trimmed and
// lower-cased (E.164 numbers are unaffected).
func normalSender(channel, from string) string {
	from = strings.TrimSpace(from)
	if channel == "sms" {
		from = strings.ToLower(from)
	}
	return from
}

// appPersonOptOuts is GET /v1/customers/{customer_id}/optouts.
func (s *Server) appPersonOptOuts(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.pathCustomer(x)
	if p == nil {
		return
	}
	out := append([]optOut{}, s.state.optouts[p.cioID]...)
	x.ok(map[string]any{"optouts": out})
}

// appUpdatePersonOptOuts is PUT /v1/customers/{customer_id}/optouts: body
// {"optouts": [{from*, optout*, channel}]}; each entry opts the person out of
// its sender (optout true) or back in (false); channel defaults to sms.
// Senders not named are left as they are. Answers 204. (Customer.io applies
// the change asynchronously; the fake at once.)
func (s *Server) appUpdatePersonOptOuts(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	entries, isList := body["optouts"].([]any)
	if !isList || len(entries) == 0 {
		x.fail(http.StatusBadRequest, required("optouts"))
		return
	}
	type change struct {
		optOut
		out bool
	}
	changes := make([]change, 0, len(entries))
	for _, e := range entries {
		m, _ := e.(map[string]any)
		c := change{optOut: optOut{Channel: str(m, "channel"), From: str(m, "from")}}
		if c.Channel == "" {
			c.Channel = "sms"
		}
		flag, hasFlag := m["optout"].(bool)
		switch {
		case c.Channel != "sms" && c.Channel != "whatsapp":
			x.fail(http.StatusBadRequest, invalid("channel", "unknown channel %q", c.Channel))
			return
		case c.From == "":
			x.fail(http.StatusBadRequest, required("optouts.from"))
			return
		case !hasFlag:
			x.fail(http.StatusBadRequest, required("optouts.optout"))
			return
		}
		c.From = normalSender(c.Channel, c.From)
		c.out = flag
		changes = append(changes, c)
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.pathCustomer(x)
	if p == nil {
		return
	}
	list := s.state.optouts[p.cioID]
	for _, c := range changes {
		i := slices.Index(list, c.optOut)
		switch {
		case c.out && i < 0:
			list = append(list, c.optOut)
		case !c.out && i >= 0:
			list = slices.Delete(list, i, i+1)
		}
	}
	if len(list) == 0 {
		delete(s.state.optouts, p.cioID)
	} else {
		s.state.optouts[p.cioID] = list
	}
	x.reply(http.StatusNoContent, nil)
}

// personOptOutsJSON is one entry of GET /v1/optouts.
type personOptOutsJSON struct {
	CustomerID string   `json:"customer_id"`
	CIOID      string   `json:"cio_id"`
	OptOuts    []optOut `json:"optouts"`
}

// appListOptOuts is GET /v1/optouts: one entry per person with an opt-out, in
// the order people were created, cursor-paged (limit default 100, at most
// 1000); from keeps the people opted out of that sender.
func (s *Server) appListOptOuts(x *exchange) {
	pr, problems := readPage(x.query, "optouts", 100, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	from := strings.TrimSpace(x.query.Get("from"))
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	var people []*person
	for cio, list := range s.state.optouts {
		p := s.state.people[cio]
		if p == nil {
			continue
		}
		if from != "" && !slices.ContainsFunc(list, func(o optOut) bool { return o.From == normalSender(o.Channel, from) }) {
			continue
		}
		people = append(people, p)
	}
	slices.SortFunc(people, func(a, b *person) int { return int(a.seq - b.seq) })
	page, next := paginate(people, func(p *person) int64 { return p.seq }, pr, "optouts")
	out := []personOptOutsJSON{}
	for _, p := range page {
		out = append(out, personOptOutsJSON{CustomerID: p.id, CIOID: "cio_" + p.cioID, OptOuts: append([]optOut{}, s.state.optouts[p.cioID]...)})
	}
	x.ok(map[string]any{"optouts": out, "next": next})
}
