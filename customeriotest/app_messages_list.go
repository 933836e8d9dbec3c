package customeriotest

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// The workspace's deliveries, as GET /v1/messages lists them: every
// transactional send (see app_deliveries.go) and every newsletter delivery a
// test seeded with AddNewsletterDelivery, newest first.

// newsletterDelivery is one seeded delivery of a newsletter; its send carries
// the recipient, subject and time, as a transactional send does.
type newsletterDelivery struct {
	newsletter int
	send       Send
}

// workspaceDelivery is one delivery of the workspace; newsletter is 0 for a
// transactional send.
type workspaceDelivery struct {
	send       Send
	newsletter int
}

// workspaceDeliveries returns every delivery, newest first (ties: the one
// recorded last first).
func (st *store) workspaceDeliveries() []workspaceDelivery {
	out := make([]workspaceDelivery, 0, len(st.sends)+len(st.bulk.newsletters))
	for _, s := range st.sends {
		out = append(out, workspaceDelivery{send: s})
	}
	for _, n := range st.bulk.newsletters {
		out = append(out, workspaceDelivery{send: n.send, newsletter: n.newsletter})
	}
	slices.Reverse(out)
	slices.SortStableFunc(out, func(a, b workspaceDelivery) int { return cmp.Compare(b.send.QueuedAt, a.send.QueuedAt) })
	return out
}

// workspaceDeliveryJSON is deliveryJSON with the newsletter filled in.
func (st *store) workspaceDeliveryJSON(wd workspaceDelivery, tracked bool) deliveryJSON {
	d := st.deliveryJSON(wd.send, tracked)
	d.NewsletterID = wd.newsletter
	return d
}

// AddNewsletterDelivery records that newsletter newsletterID sent an email
// with subject to the person whose id is personID, now by the server's clock,
// and returns the delivery's id ("nl_00000001", …). The fake runs no
// newsletters, so this is how a test gives GET /v1/messages and a deliveries
// export of a newsletter something to show; metrics reported through Track
// for the id count as for any delivery. An unknown person, or a newsletter id
// below 1, is an error.
func (s *Server) AddNewsletterDelivery(newsletterID int, personID, subject string) (string, error) {
	if newsletterID < 1 {
		return "", fmt.Errorf("customeriotest: newsletter id %d must be at least 1", newsletterID)
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.state.find(ident{kindID, personID})
	if p == nil {
		return "", errors.New("customeriotest: no person with id " + strconv.Quote(personID))
	}
	send := Send{
		DeliveryID:  fmt.Sprintf("nl_%08d", len(s.state.bulk.newsletters)+1),
		Type:        "email",
		QueuedAt:    s.state.unix(),
		Identifiers: p.identifiers(),
		To:          p.email,
		Body:        map[string]any{"subject": subject},
	}
	s.state.bulk.newsletters = append(s.state.bulk.newsletters, newsletterDelivery{newsletter: newsletterID, send: send})
	return send.DeliveryID, nil
}

// workspaceMessageTypes are the values of the type filter of GET /v1/messages.
var workspaceMessageTypes = []string{"email", "webhook", "twilio", "whatsapp", "slack", "push", "in_app"}

// appListMessages is GET /v1/messages: the workspace's deliveries, newest
// first, filtered by type, metric, drafts (drafted deliveries only with
// drafts=true), campaign_id, newsletter_id, action_id and the start_ts/end_ts
// window, cursor-paged (50 a page by default, at most 1000). The fake runs no
// campaigns, so a campaign or action filter keeps nothing.
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
			ids["campaign_id"] != 0, ids["action_id"] != 0:
			continue
		}
		keep = append(keep, wd)
	}
	kp, problems := readKeyPage(x.query, "messages", 50, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	page, next := paginateKeys(keep, func(wd workspaceDelivery) string { return wd.send.DeliveryID }, kp, "messages")
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
		if wd.send.DeliveryID == id {
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

// appArchivedMessage is GET /v1/messages/{message_id}/archived_message: the
// delivery as sent, read from the send's body (or the template content it
// used); forgotten, with no content, when the send asked for
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
	body := wd.send.Body
	out := map[string]any{
		"id": d.ID, "recipient": d.Recipient, "subject": d.Subject,
		"body": str(body, "body"), "from": str(body, "from"), "reply_to": str(body, "reply_to"),
		"cc": str(body, "cc"), "bcc": str(body, "bcc"), "fake_bcc": body["fake_bcc"] == true,
		"preheader_text": str(body, "preheader"), "url": "", "request_method": "",
		"headers": "[]", "forgotten": d.Forgotten,
	}
	if c := d.ContentID; c != 0 && out["body"] == "" {
		out["body"] = st.app.contents[c-1].Body
	}
	if d.Forgotten {
		for _, k := range []string{"body", "subject", "preheader_text"} {
			out[k] = ""
		}
	}
	x.ok(map[string]any{"archived_message": out})
}
