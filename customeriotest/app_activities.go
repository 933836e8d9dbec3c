package customeriotest

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// A person's activities, as GET /v1/customers/{customer_id}/activities lists
// them, are read from what the fake recorded: each event, page and screen view
// ("event", "page", "screen"), each attribute as last set ("attribute_change"),
// each delivery ("sent_<channel>", or "drafted_<channel>") and each metric
// reported for one ("opened_email", "clicked_push", …).

type activityJSON struct {
	ID                  string          `json:"id"`
	CustomerID          string          `json:"customer_id"`
	CustomerIdentifiers identifiersJSON `json:"customer_identifiers"`
	Type                string          `json:"type"`
	Name                string          `json:"name,omitempty"`
	Timestamp           int64           `json:"timestamp"`
	Data                map[string]any  `json:"data"`
	DeliveryID          string          `json:"delivery_id"`
	DeliveryType        string          `json:"delivery_type"`
}

// activities returns p's activities, newest first.
func (st *store) activities(p *person) []activityJSON {
	var out []activityJSON
	add := func(a activityJSON) {
		a.CustomerID = p.id
		a.CustomerIdentifiers = p.identifiersJSON()
		if a.Data == nil {
			a.Data = map[string]any{}
		}
		out = append(out, a)
	}
	for i, e := range p.events {
		add(activityJSON{ID: "ev_" + p.cioID + "_" + strconv.Itoa(i), Type: e.Type, Name: e.Name, Timestamp: e.Timestamp, Data: copyMap(e.Data)})
	}
	names := make([]string, 0, len(p.attrTimes))
	for k := range p.attrTimes {
		if _, set := p.attrs[k]; set {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		add(activityJSON{ID: "attr_" + p.cioID + "_" + k, Type: "attribute_change", Name: k, Timestamp: p.attrTimes[k],
			Data: map[string]any{"attribute": k, "value": stringify(p.attrs[k])}})
	}
	for _, send := range st.sends {
		if st.recipientOf(send) != p {
			continue
		}
		ch := channel(send.Type)
		for name, at := range st.deliveryMetricTimes(send) {
			add(activityJSON{ID: "dlv_" + send.DeliveryID + "_" + name, Type: name + "_" + ch, Timestamp: at,
				DeliveryID: send.DeliveryID, DeliveryType: ch})
		}
	}
	slices.SortStableFunc(out, func(a, b activityJSON) int {
		if c := cmp.Compare(b.Timestamp, a.Timestamp); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return out
}

// appCustomerActivities is GET /v1/customers/{customer_id}/activities: the
// person's activities, newest first, filtered by type and name, cursor-paged
// (10 a page by default, at most 100).
func (s *Server) appCustomerActivities(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.pathCustomer(x)
	if p == nil {
		return
	}
	scope := "activities/" + p.cioID
	kp, problems := readKeyPage(x.query, scope, 10, 100)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	typ, name := x.query.Get("type"), x.query.Get("name")
	all := slices.DeleteFunc(s.state.activities(p), func(a activityJSON) bool {
		return (typ != "" && a.Type != typ) || (name != "" && a.Name != name)
	})
	page, next := paginateKeys(all, func(a activityJSON) string { return a.ID }, kp, scope)
	if page == nil {
		page = []activityJSON{}
	}
	x.ok(map[string]any{"activities": page, "next": next})
}

type topicJSON struct {
	ID         int    `json:"id"`
	Name       string `json:"name"`
	Subscribed bool   `json:"subscribed"`
}

// appSubscriptionPreferences is GET
// /v1/customers/{customer_id}/subscription_preferences: the topics of the
// person's cio_subscription_preferences attribute ("topic_<n>": bool), by
// topic id, and whether they are subscribed to each; an unsubscribed person is
// subscribed to none. The fake has no subscription center set up, so topics are
// named "Topic <n>" and no translation is applied; language is echoed.
func (s *Server) appSubscriptionPreferences(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.pathCustomer(x)
	if p == nil {
		return
	}
	topics := []topicJSON{}
	prefs, _ := p.attrs["cio_subscription_preferences"].(map[string]any)
	list, _ := prefs["topics"].(map[string]any)
	for k, v := range list {
		n, err := strconv.Atoi(strings.TrimPrefix(k, "topic_"))
		if err != nil || !strings.HasPrefix(k, "topic_") {
			continue
		}
		topics = append(topics, topicJSON{ID: n, Name: "Topic " + strconv.Itoa(n), Subscribed: truthy(v) && !truthy(p.attrs["unsubscribed"])})
	}
	slices.SortFunc(topics, func(a, b topicJSON) int { return cmp.Compare(a.ID, b.ID) })
	lang := x.query.Get("language")
	if lang == "" {
		lang = x.r.Header.Get("Accept-Language")
	}
	x.ok(map[string]any{"customer": map[string]any{
		"id":          p.id,
		"identifiers": p.identifiersJSON(),
		"language":    lang,
		"topics":      topics,
	}})
}
