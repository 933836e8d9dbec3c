package customeriotest

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
)

// The workspace's deliveries, as GET /v1/messages lists them and deliveries
// exports hold them: every transactional send (app_deliveries.go), every
// delivery of a newsletter (app_newsletters.go) and every delivery of a
// campaign or broadcast action (app_campaigns.go), newest first.

// workspaceDelivery is one delivery of the workspace, from whichever of the
// three sources made it.
type workspaceDelivery struct {
	send   *Send               // a transactional send
	letter *newsletter         // with news, a newsletter's delivery
	news   *newsletterDelivery //
	flow   *flow               // with step, a campaign's or broadcast's delivery
	step   *flowDelivery       //
}

// id is the delivery id.
func (wd workspaceDelivery) id() string {
	switch {
	case wd.news != nil:
		return wd.news.ID
	case wd.step != nil:
		return wd.step.ID
	}
	return wd.send.DeliveryID
}

// workspaceDeliveries returns every delivery, newest first (ties: the one
// recorded last first). The caller holds the store lock.
func (st *store) workspaceDeliveries() []workspaceDelivery {
	var out []workspaceDelivery
	for i := range st.sends {
		out = append(out, workspaceDelivery{send: &st.sends[i]})
	}
	for _, n := range st.sortedNewsletters() {
		for _, d := range n.deliveries {
			out = append(out, workspaceDelivery{letter: n, news: d})
		}
	}
	fs := st.flowsSeeded()
	flows := make([]*flow, 0, len(fs.flows))
	for _, f := range fs.flows {
		flows = append(flows, f)
	}
	slices.SortFunc(flows, func(a, b *flow) int { return cmp.Compare(a.ID, b.ID) })
	for _, f := range flows {
		for i := range f.deliveries {
			out = append(out, workspaceDelivery{flow: f, step: &f.deliveries[i]})
		}
	}
	created := func(wd workspaceDelivery) int64 {
		switch {
		case wd.news != nil:
			return wd.news.Created
		case wd.step != nil:
			return wd.step.Created
		}
		return wd.send.QueuedAt
	}
	slices.Reverse(out)
	slices.SortStableFunc(out, func(a, b workspaceDelivery) int { return cmp.Compare(created(b), created(a)) })
	return out
}

// personOf is the person a delivery went to, or nil; d is its JSON.
func (st *store) personOf(wd workspaceDelivery, d deliveryJSON) *person {
	if wd.send != nil {
		return st.recipientOf(*wd.send)
	}
	if d.CustomerID != "" {
		if p := st.find(ident{kindID, d.CustomerID}); p != nil {
			return p
		}
	}
	if d.Recipient != "" {
		return st.find(ident{kindEmail, d.Recipient})
	}
	return nil
}

// workspaceDeliveryJSON is wd as the App API's message lists show it.
func (st *store) workspaceDeliveryJSON(wd workspaceDelivery, tracked bool) deliveryJSON {
	switch {
	case wd.news != nil:
		return wd.news.json(wd.letter, tracked)
	case wd.step != nil:
		return wd.flow.deliveryJSON(*wd.step, tracked)
	}
	return st.deliveryJSON(*wd.send, tracked)
}

// workspaceMessageTypes are the values of the type filter of GET /v1/messages.
var workspaceMessageTypes = []string{"email", "webhook", "twilio", "whatsapp", "slack", "push", "in_app"}

// appListMessages is GET /v1/messages: the workspace's deliveries, newest
// first, filtered by type, metric, drafts (drafted deliveries only with
// drafts=true), campaign_id, newsletter_id, action_id and the start_ts/end_ts
// window, cursor-paged (50 a page by default, at most 1000).
func (s *Server) appListMessages(x *exchange) {
	typ, metric := x.query.Get("type"), x.query.Get("metric")
	switch {
	case typ != "" && !slices.Contains(workspaceMessageTypes, typ):
		x.fail(http.StatusBadRequest, invalid("type", "unknown type %q", typ))
		return
	case metric != "" && !slices.Contains(listMetrics, metric):
		x.fail(http.StatusBadRequest, invalid("metric", "unknown metric %q", metric))
		return
	}
	ids := map[string]int{}
	for _, k := range []string{"campaign_id", "newsletter_id", "action_id"} {
		if v := x.query.Get(k); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				x.fail(http.StatusBadRequest, invalid(k, "%s must be a positive integer", k))
				return
			}
			ids[k] = n
		}
	}
	drafts := x.query.Get("drafts") == "true"
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	inWindow, ok := x.windowFilter()
	if !ok {
		return
	}
	st := s.state
	var keep []workspaceDelivery
	for _, wd := range st.workspaceDeliveries() {
		d := st.workspaceDeliveryJSON(wd, false)
		_, drafted := d.Metrics["drafted"]
		_, reached := d.Metrics[metric]
		switch {
		case !inWindow(d.Created), drafted != drafts, typ != "" && d.Type != typ, metric != "" && !reached,
			ids["newsletter_id"] != 0 && d.NewsletterID != ids["newsletter_id"],
			ids["campaign_id"] != 0 && d.CampaignID != ids["campaign_id"],
			ids["action_id"] != 0 && d.ActionID != ids["action_id"]:
			continue
		}
		keep = append(keep, wd)
	}
	kp, problems := readKeyPage(x.query, "messages", 50, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	page, next := paginateKeys(keep, workspaceDelivery.id, kp, "messages")
	tracked := x.query.Get("get_tracked_responses") == "true"
	out := make([]deliveryJSON, len(page))
	for i, wd := range page {
		out[i] = st.workspaceDeliveryJSON(wd, tracked)
	}
	x.ok(map[string]any{"messages": out, "next": next})
}

// pathMessage is the delivery of {message_id}, or false after answering 404.
func (s *Server) pathMessage(x *exchange) (workspaceDelivery, bool) {
	id := x.params["message_id"]
	for _, wd := range s.state.workspaceDeliveries() {
		if wd.id() == id {
			return wd, true
		}
	}
	x.fail(http.StatusNotFound, invalid("message_id", "message %q not found", id))
	return workspaceDelivery{}, false
}

// appGetMessage is GET /v1/messages/{message_id}.
func (s *Server) appGetMessage(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	wd, ok := s.pathMessage(x)
	if !ok {
		return
	}
	x.ok(map[string]any{"message": s.state.workspaceDeliveryJSON(wd, x.query.Get("get_tracked_responses") == "true")})
}

// archivedBody is the content a delivery was sent with, in the keys of a
// transactional send's body: the send's own, the newsletter variant's, or the
// campaign or broadcast action's.
func archivedBody(wd workspaceDelivery) map[string]any {
	switch {
	case wd.news != nil:
		for _, c := range wd.letter.contents {
			if c.ID == wd.news.ContentID {
				return map[string]any{"body": c.Body, "from": c.From, "preheader": c.PreheaderText}
			}
		}
		return map[string]any{}
	case wd.step != nil:
		for _, a := range wd.flow.actions {
			if a.ID == wd.step.ActionID {
				return map[string]any{"body": a.Body, "from": a.From, "preheader": a.Preheader}
			}
		}
		return map[string]any{}
	}
	return wd.send.Body
}

// appArchivedMessage is GET /v1/messages/{message_id}/archived_message: the
// delivery as sent, read from the send's body (or the template content it
// used), the newsletter variant or the action that sent it; forgotten, with no content, when the send asked for
// disable_message_retention. The 100-a-day limit is not enforced.
func (s *Server) appArchivedMessage(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	wd, ok := s.pathMessage(x)
	if !ok {
		return
	}
	st := s.state
	d := st.workspaceDeliveryJSON(wd, false)
	body := archivedBody(wd)
	out := map[string]any{
		"id": d.ID, "recipient": d.Recipient, "subject": d.Subject,
		"body": str(body, "body"), "from": str(body, "from"), "reply_to": str(body, "reply_to"),
		"cc": str(body, "cc"), "bcc": str(body, "bcc"), "fake_bcc": body["fake_bcc"] == true,
		"preheader_text": str(body, "preheader"), "url": "", "request_method": "",
		"headers": "[]", "forgotten": d.Forgotten,
	}
	if c := d.ContentID; wd.send != nil && c != 0 && out["body"] == "" {
		out["body"] = st.app.contents[c-1].Body
	}
	if d.Forgotten {
		for _, k := range []string{"body", "subject", "preheader_text"} {
			out[k] = ""
		}
	}
	x.ok(map[string]any{"archived_message": out})
}
