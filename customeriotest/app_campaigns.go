package customeriotest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Campaigns (automations) and API-triggered broadcasts are built in
// Customer.io's UI, so the fake workspace starts with a few of each, with
// actions, a translation, deliveries and clicks, as a real workspace would
// have them: campaigns 1 and 2, broadcasts 3 and 4 (they share one id space, as
// broadcasts are campaigns inside Customer.io). AddCampaign, AddBroadcast and
// AddAction add more. Action content edits made through the App API are kept
// and read back.

// flow is a campaign or a broadcast.
type flow struct {
	broadcast    bool
	ID           int
	Name         string
	Description  string
	Type         string
	State        string
	EventName    string
	Tags         []string
	TriggerSegs  []int
	Created      int64
	Updated      int64
	FirstStarted int64
	actions      []*flowAction // top-level actions, in workflow order
	deliveries   []flowDelivery
}

// flowAction is one action of a flow, or a translation of one (ParentID set).
type flowAction struct {
	ID           int
	ParentID     int
	Name         string
	Type         string
	Language     string
	SendingState string
	Subject      string
	Body         string
	BodyAMP      string
	BodyPlain    string
	Preheader    string
	Recipient    string
	From         string
	FromID       int
	ReplyToID    int
	Headers      any
	Created      int64
	Updated      int64
	links        []linkJSON
	translations []*flowAction
}

// flowDelivery is one message an action sent (or drafted) to one person.
type flowDelivery struct {
	ID        string
	ActionID  int
	Type      string
	Recipient string
	Customer  string
	Created   int64
	// Metrics maps each metric reached to when.
	Metrics map[string]int64
	// Href is the link clicked, if any.
	Href string
}

// flowState holds every flow, seeded on first use.
type flowState struct {
	seeded     bool
	flows      map[int]*flow
	nextFlow   int
	nextAction int
}

// flowsSeeded returns the flow state, seeding it on first use. The caller holds
// the store lock.
func (st *store) flowsSeeded() *flowState {
	fs := &st.flowData
	if fs.seeded {
		return fs
	}
	fs.seeded = true
	fs.flows = map[int]*flow{}
	fs.nextAction = 100
	now := st.unix()
	day := int64(24 * 60 * 60)

	welcome := st.newFlow(false, "Welcome series", now-30*day)
	welcome.Description, welcome.Type, welcome.Tags = "Sends a welcome series to new trial signups.", "segment", []string{"onboarding"}
	email := st.newAction(welcome, "Welcome email", "email", now-30*day)
	email.Subject, email.Body, email.From, email.FromID = "Welcome, {{customer.first_name}}", "<p>Glad you're here.</p>", "Team <team@example.com>", 1
	email.links = []linkJSON{{ID: 1, Href: "https://example.com/start"}, {ID: 2, Href: "https://example.com/help"}}
	fr := st.newTranslation(email, "fr", now-29*day)
	fr.Subject, fr.Body = "Bienvenue, {{customer.first_name}}", "<p>Ravis de vous voir.</p>"
	hook := st.newAction(welcome, "Notify CRM", "webhook", now-30*day)
	hook.Body = `{"email":"{{customer.email}}"}`
	welcome.deliveries = []flowDelivery{
		{ID: "fd-1-1", ActionID: email.ID, Type: "email", Recipient: "ada@example.com", Customer: "ada", Created: now - 3*day,
			Metrics: map[string]int64{"sent": now - 3*day, "delivered": now - 3*day + 5, "opened": now - 2*day, "clicked": now - 2*day + 60}, Href: "https://example.com/start"},
		{ID: "fd-1-2", ActionID: email.ID, Type: "email", Recipient: "grace@example.com", Customer: "grace", Created: now - 2*day,
			Metrics: map[string]int64{"sent": now - 2*day, "delivered": now - 2*day + 5, "converted": now - day}},
		{ID: "fd-1-3", ActionID: fr.ID, Type: "email", Recipient: "marie@example.fr", Customer: "marie", Created: now - day,
			Metrics: map[string]int64{"sent": now - day, "bounced": now - day + 9}},
		{ID: "fd-1-4", ActionID: hook.ID, Type: "webhook", Recipient: "https://crm.example.com/hook", Customer: "ada", Created: now - 3*day,
			Metrics: map[string]int64{"sent": now - 3*day}},
		{ID: "fd-1-5", ActionID: email.ID, Type: "email", Recipient: "alan@example.com", Customer: "alan", Created: now - 3600,
			Metrics: map[string]int64{"drafted": now - 3600}},
	}
	welcome.FirstStarted = now - 30*day

	winback := st.newFlow(false, "Win-back", now-60*day)
	winback.Type, winback.State, winback.EventName = "event", "stopped", "subscription_cancelled"
	push := st.newAction(winback, "Come back push", "push", now-60*day)
	push.Subject, push.Body = "We miss you", "Here is 20% off."
	winback.deliveries = []flowDelivery{
		{ID: "fd-2-1", ActionID: push.ID, Type: "push", Recipient: "device-ada", Customer: "ada", Created: now - 5*day,
			Metrics: map[string]int64{"sent": now - 5*day, "delivered": now - 5*day + 2, "opened": now - 5*day + 600}},
	}
	winback.FirstStarted = now - 60*day

	launch := st.newFlow(true, "Product launch", now-10*day)
	launch.Tags = []string{"launch"}
	news := st.newAction(launch, "Launch email", "email", now-10*day)
	news.Subject, news.Body, news.From, news.FromID = "It's here", "<p>Meet the new thing.</p>", "Team <team@example.com>", 1
	news.links = []linkJSON{{ID: 3, Href: "https://example.com/launch"}}
	es := st.newTranslation(news, "es", now-10*day)
	es.Subject, es.Body = "Ya está aquí", "<p>Conoce lo nuevo.</p>"
	launch.deliveries = []flowDelivery{
		{ID: "fd-3-1", ActionID: news.ID, Type: "email", Recipient: "ada@example.com", Customer: "ada", Created: now - day,
			Metrics: map[string]int64{"sent": now - day, "delivered": now - day + 4, "opened": now - day + 100, "clicked": now - day + 200}, Href: "https://example.com/launch"},
		{ID: "fd-3-2", ActionID: news.ID, Type: "email", Recipient: "grace@example.com", Customer: "grace", Created: now - day,
			Metrics: map[string]int64{"sent": now - day, "delivered": now - day + 4, "opened": now - day + 300, "clicked": now - day + 400}, Href: "https://example.com/launch"},
		{ID: "fd-3-3", ActionID: es.ID, Type: "email", Recipient: "lola@example.es", Customer: "lola", Created: now - day,
			Metrics: map[string]int64{"attempted": now - day, "failed": now - day + 1}},
	}
	launch.FirstStarted = now - 10*day

	outage := st.newFlow(true, "Outage notice", now-90*day)
	sms := st.newAction(outage, "Outage SMS", "twilio", now-90*day)
	sms.Body = "We are investigating an outage."
	return fs
}

// newFlow adds a running flow created at created.
func (st *store) newFlow(broadcast bool, name string, created int64) *flow {
	fs := &st.flowData
	fs.nextFlow++
	f := &flow{broadcast: broadcast, ID: fs.nextFlow, Name: name, State: "running", Created: created, Updated: created}
	if broadcast {
		f.Type = "triggered_broadcast"
	}
	fs.flows[f.ID] = f
	return f
}

// newAction adds a top-level action to f.
func (st *store) newAction(f *flow, name, typ string, created int64) *flowAction {
	fs := &st.flowData
	fs.nextAction++
	a := &flowAction{ID: fs.nextAction, Name: name, Type: typ, SendingState: "automatic", Created: created, Updated: created}
	if typ == "email" {
		a.Recipient = "{{customer.email}}"
	}
	f.actions = append(f.actions, a)
	return a
}

// newTranslation adds a language variant of a, with a's content to start from.
func (st *store) newTranslation(a *flowAction, language string, created int64) *flowAction {
	fs := &st.flowData
	fs.nextAction++
	t := *a
	t.ID, t.ParentID, t.Language, t.Created, t.Updated, t.translations = fs.nextAction, a.ID, language, created, created, nil
	a.translations = append(a.translations, &t)
	return &t
}

// AddCampaign adds a running campaign (automation) with no actions, as one built
// in the UI, and returns its id.
func (s *Server) AddCampaign(name string) int {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.flowsSeeded()
	return s.state.newFlow(false, name, s.state.unix()).ID
}

// AddBroadcast adds an API-triggered broadcast with no actions, as one built in
// the UI, and returns its id.
func (s *Server) AddBroadcast(name string) int {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.flowsSeeded()
	return s.state.newFlow(true, name, s.state.unix()).ID
}

// AddAction adds an action of type typ ("email", "webhook", "twilio", "push",
// "in_app", …) at the end of campaign or broadcast flowID and returns its id;
// false when there is no such campaign or broadcast.
func (s *Server) AddAction(flowID int, name, typ string) (int, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	f := s.state.flowsSeeded().flows[flowID]
	if f == nil {
		return 0, false
	}
	return s.state.newAction(f, name, typ, s.state.unix()).ID, true
}

// flowJSON is a campaign or broadcast as the App API shows one.
func (f *flow) json() map[string]any {
	refs := []map[string]any{}
	for _, a := range f.actions {
		refs = append(refs, map[string]any{"id": a.ID, "type": a.Type})
	}
	tags := f.Tags
	if tags == nil {
		tags = []string{}
	}
	out := map[string]any{
		"id":             f.ID,
		"deduplicate_id": strconv.Itoa(f.ID) + ":" + strconv.FormatInt(f.Updated, 10),
		"name":           f.Name,
		"type":           f.Type,
		"active":         f.State == "running",
		"state":          f.State,
		"actions":        refs,
		"tags":           tags,
		"created":        f.Created,
		"updated":        f.Updated,
		"first_started":  f.FirstStarted,
	}
	if f.broadcast {
		out["created_by"] = "fake@example.com"
	} else {
		segs := f.TriggerSegs
		if segs == nil {
			segs = []int{}
		}
		out["description"] = f.Description
		out["trigger_segment_ids"] = segs
		out["filter_segment_ids"] = []int{}
		if f.EventName != "" {
			out["event_name"] = f.EventName
		}
	}
	return out
}

// actionJSON is an action as the App API shows one.
func (f *flow) actionJSON(a *flowAction) map[string]any {
	out := map[string]any{
		"id":               a.ID,
		"parent_action_id": a.ParentID,
		"deduplicate_id":   strconv.Itoa(a.ID) + ":" + strconv.FormatInt(a.Updated, 10),
		"name":             a.Name,
		"type":             a.Type,
		"sending_state":    a.SendingState,
		"language":         a.Language,
		"subject":          a.Subject,
		"body":             a.Body,
		"body_amp":         a.BodyAMP,
		"preheader_text":   a.Preheader,
		"recipient":        a.Recipient,
		"from":             a.From,
		"from_id":          a.FromID,
		"reply_to_id":      a.ReplyToID,
		"created":          a.Created,
		"updated":          a.Updated,
	}
	if a.Headers != nil {
		out["headers"] = a.Headers
	}
	if f.broadcast {
		out["broadcast_id"] = f.ID
	} else {
		out["campaign_id"] = f.ID
	}
	if len(a.translations) > 0 || a.ParentID != 0 {
		branch := a.ID
		if a.ParentID != 0 {
			branch = a.ParentID
		}
		out["multi_language_branch_action_id"] = branch
	}
	return out
}

// pathFlow finds the flow named by param, a campaign or a broadcast as
// broadcast says, answering 404 otherwise. The caller holds the store lock.
func (s *Server) pathFlow(x *exchange, param string, broadcast bool) *flow {
	id, err := strconv.Atoi(x.params[param])
	f := s.state.flowsSeeded().flows[id]
	if err != nil || f == nil || f.broadcast != broadcast {
		what := "campaign"
		if broadcast {
			what = "broadcast"
		}
		x.fail(http.StatusNotFound, invalid(param, "%s %s not found", what, x.params[param]))
		return nil
	}
	return f
}

// pathAction finds {action_id} among f's actions and their translations, and,
// for a language route, the translation in {language}.
func (x *exchange) pathAction(f *flow) *flowAction {
	id, _ := strconv.Atoi(x.params["action_id"])
	var found *flowAction
	for _, a := range f.actions {
		if a.ID == id {
			found = a
		}
		for _, t := range a.translations {
			if t.ID == id {
				found = t
			}
		}
	}
	if found == nil {
		x.fail(http.StatusNotFound, invalid("action_id", "action %s not found", x.params["action_id"]))
		return nil
	}
	language, ok := x.params["language"]
	if !ok || language == found.Language {
		return found
	}
	for _, t := range found.translations {
		if t.Language == language {
			return t
		}
	}
	x.fail(http.StatusBadRequest, invalid("language", "action %d has no %q translation", found.ID, language))
	return nil
}

// updateAction applies a PUT body to a: the content fields it names change.
func (x *exchange) updateAction(a *flowAction, now int64) bool {
	body, ok := x.object()
	if !ok {
		return false
	}
	for key, dst := range map[string]*string{
		"subject": &a.Subject, "body": &a.Body, "body_amp": &a.BodyAMP, "body_plain": &a.BodyPlain,
		"preheader_text": &a.Preheader, "recipient": &a.Recipient,
	} {
		if v, set := body[key]; set {
			s, isString := v.(string)
			if !isString {
				x.fail(http.StatusBadRequest, invalid(key, "%s must be a string", key))
				return false
			}
			*dst = s
		}
	}
	for key, dst := range map[string]*int{"from_id": &a.FromID, "reply_to_id": &a.ReplyToID} {
		if v, set := body[key]; set {
			n, isNumber := v.(float64)
			if !isNumber || n != float64(int(n)) || n < 0 {
				x.fail(http.StatusBadRequest, invalid(key, "%s must be an id", key))
				return false
			}
			*dst = int(n)
		}
	}
	if v, set := body["headers"]; set {
		a.Headers = v
	}
	a.Updated = now
	return true
}

// flowDeliveryJSON is d as the App API's message lists show it.
func (f *flow) deliveryJSON(d flowDelivery, tracked bool) deliveryJSON {
	out := deliveryJSON{
		ID:                  d.ID,
		DeduplicateID:       d.ID + ":" + strconv.FormatInt(d.Created, 10),
		CustomerID:          d.Customer,
		CustomerIdentifiers: identifiersJSON{ID: nullable(d.Customer)},
		Recipient:           d.Recipient,
		Type:                d.Type,
		Created:             d.Created,
		Metrics:             d.Metrics,
		ActionID:            d.ActionID,
	}
	if d.Metrics["failed"] != 0 {
		out.FailureMessage = "the provider refused the message"
	}
	if f.broadcast {
		out.BroadcastID = f.ID
	} else {
		out.CampaignID = f.ID
	}
	for _, a := range f.actions {
		for _, t := range a.translations {
			if t.ID == d.ActionID {
				out.ParentActionID = a.ID
			}
		}
	}
	if tracked {
		out.TrackedResponses = []any{}
	}
	return out
}

// flowDeliveries answers GET …/messages of f: its deliveries newest first,
// filtered by metric, state (broadcasts), type, drafts (campaigns) and time,
// keyed cursor pages of 50 by default.
func (s *Server) flowDeliveries(x *exchange, f *flow) {
	metric, state, typ := x.query.Get("metric"), x.query.Get("state"), x.query.Get("type")
	switch {
	case metric != "" && !slices.Contains(listMetrics, metric):
		x.fail(http.StatusBadRequest, invalid("metric", "unknown metric %q", metric))
		return
	case state != "" && !slices.Contains(listStates, state):
		x.fail(http.StatusBadRequest, invalid("state", "unknown state %q", state))
		return
	case typ != "" && !slices.Contains(deliveryChannels, typ):
		x.fail(http.StatusBadRequest, invalid("type", "unknown type %q", typ))
		return
	}
	inWindow, ok := x.windowFilter()
	if !ok {
		return
	}
	drafts := x.query.Get("drafts") == "true"
	var list []flowDelivery
	for i := len(f.deliveries) - 1; i >= 0; i-- {
		d := f.deliveries[i]
		_, drafted := d.Metrics["drafted"]
		_, hasMetric := d.Metrics[metric]
		_, hasState := d.Metrics[state]
		switch {
		case !inWindow(d.Created),
			metric != "" && !hasMetric,
			state != "" && !hasState,
			typ != "" && d.Type != typ,
			!f.broadcast && drafted != drafts:
			continue
		}
		list = append(list, d)
	}
	scope := "flow/" + strconv.Itoa(f.ID)
	kp, problems := readKeyPage(x.query, scope, 50, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	page, next := paginateKeys(list, func(d flowDelivery) string { return d.ID }, kp, scope)
	tracked := x.query.Get("get_tracked_responses") == "true"
	out := make([]deliveryJSON, len(page))
	for i, d := range page {
		out[i] = f.deliveryJSON(d, tracked)
	}
	x.ok(map[string]any{"messages": out, "next": next})
}

// deliveryChannels are the delivery types a list filters by.
var deliveryChannels = []string{"email", "webhook", "twilio", "whatsapp", "slack", "push", "in_app"}

// metricChannels are the channels a metrics report filters by.
var metricChannels = []string{"email", "webhook", "twilio", "whatsapp", "slack", "push", "in_app", "live_notification"}

// countSeries counts, per bucket, the metrics the deliveries reached.
func countSeries(b buckets, deliveries []flowDelivery) map[string][]int64 {
	series := map[string][]int64{}
	for _, name := range reportSeries {
		series[name] = make([]int64, len(b.starts))
	}
	for _, d := range deliveries {
		if i := b.index(d.Created); i >= 0 {
			series["created"][i]++
		}
		for name, at := range d.Metrics {
			i := b.index(at)
			if i < 0 {
				continue
			}
			if series[name] == nil {
				series[name] = make([]int64, len(b.starts))
			}
			series[name][i]++
		}
	}
	return series
}

// keep returns the deliveries of f made by one of actions (every one when
// actions is nil) and, with typ set, of that channel.
func (f *flow) keep(actions []int, typ string) []flowDelivery {
	var out []flowDelivery
	for _, d := range f.deliveries {
		if (actions == nil || slices.Contains(actions, d.ActionID)) && (typ == "" || d.Type == typ) {
			out = append(out, d)
		}
	}
	return out
}

// readType reads a metrics report's channel filter.
func (x *exchange) readType() (string, bool) {
	typ := x.query.Get("type")
	if typ != "" && !slices.Contains(metricChannels, typ) {
		x.fail(http.StatusBadRequest, invalid("type", "unknown type %q", typ))
		return "", false
	}
	return typ, true
}

// readReport reads the window of a metrics report: version=2 takes res, start,
// end and tz; anything else is version 1, period and steps.
func (x *exchange) readReport(now time.Time) (buckets, bool) {
	if x.query.Get("version") != "2" {
		return x.readBuckets(now)
	}
	return x.readWindow(now, "res")
}

// resolutionStep is how each resolution spelling advances a point.
var resolutionStep = map[string]func(time.Time) time.Time{
	"hours": func(t time.Time) time.Time { return t.Add(time.Hour) }, "hourly": func(t time.Time) time.Time { return t.Add(time.Hour) },
	"days": func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }, "daily": func(t time.Time) time.Time { return t.AddDate(0, 0, 1) },
	"weeks": func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }, "weekly": func(t time.Time) time.Time { return t.AddDate(0, 0, 7) },
	"months": func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }, "monthly": func(t time.Time) time.Time { return t.AddDate(0, 1, 0) },
}

// maxPoints caps the points of a windowed report.
const maxPoints = 1000

// readWindow reads a windowed report: the resolution under one of names
// (required), start and end in Unix seconds (end defaults to now, start to 7
// points before end) and tz (an IANA zone, UTC by default).
func (x *exchange) readWindow(now time.Time, names ...string) (buckets, bool) {
	var res string
	for _, n := range names {
		if v := x.query.Get(n); v != "" {
			res = v
			break
		}
	}
	step, known := resolutionStep[res]
	if !known {
		x.fail(http.StatusBadRequest, invalid(names[0], "%s must be hours, days, weeks or months (or hourly, daily, weekly, monthly)", names[0]))
		return buckets{}, false
	}
	loc := time.UTC
	if tz := x.query.Get("tz"); tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			x.fail(http.StatusBadRequest, invalid("tz", "unknown time zone %q", tz))
			return buckets{}, false
		}
		loc = l
	}
	var bounds [2]int64
	for i, k := range []string{"start", "end"} {
		if v := x.query.Get(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				x.fail(http.StatusBadRequest, invalid(k, "%s must be Unix seconds", k))
				return buckets{}, false
			}
			bounds[i] = n
		}
	}
	end := now
	if bounds[1] != 0 {
		end = time.Unix(bounds[1], 0)
	}
	start := end.AddDate(0, 0, -7)
	if bounds[0] != 0 {
		start = time.Unix(bounds[0], 0)
	}
	if end.Before(start) {
		x.fail(http.StatusBadRequest, invalid("end", "end must not be before start"))
		return buckets{}, false
	}
	var b buckets
	for t := start.In(loc); t.Before(end) || t.Equal(start); t = step(t) {
		if len(b.starts) == maxPoints {
			x.fail(http.StatusBadRequest, invalid(names[0], "the window holds more than %d points", maxPoints))
			return buckets{}, false
		}
		b.starts = append(b.starts, t.Unix())
		b.end = step(t).Unix()
	}
	return b, true
}

// flowMetrics answers GET …/metrics of f: every delivery's metrics, per point.
func (s *Server) flowMetrics(x *exchange, f *flow) {
	b, ok := x.readReport(s.state.now())
	if !ok {
		return
	}
	typ, ok := x.readType()
	if !ok {
		return
	}
	x.ok(map[string]any{"metric": map[string]any{"series": countSeries(b, f.keep(nil, typ))}})
}

// flowLinks answers GET …/metrics/links of f, or of the actions given: the
// clicks on each tracked link, per period; unique=true counts each person once
// per link.
func (s *Server) flowLinks(x *exchange, f *flow, actions []*flowAction) {
	b, ok := x.readBuckets(s.state.now())
	if !ok {
		return
	}
	typ, ok := x.readType()
	if !ok {
		return
	}
	unique := x.query.Get("unique") == "true"
	var ids []int
	var links []linkJSON
	for _, a := range actions {
		ids = append(ids, a.ID)
		for _, t := range a.translations {
			ids = append(ids, t.ID)
		}
		links = append(links, a.links...)
	}
	out := []linkMetricJSON{}
	for _, l := range links {
		clicks := make([]int64, len(b.starts))
		seen := map[string]bool{}
		for _, d := range f.keep(ids, typ) {
			at, clicked := d.Metrics["clicked"]
			if !clicked || d.Href != l.Href || (unique && seen[d.Customer]) {
				continue
			}
			if i := b.index(at); i >= 0 {
				clicks[i]++
				seen[d.Customer] = true
			}
		}
		out = append(out, linkMetricJSON{Link: l, Metric: map[string]map[string][]int64{"series": {"clicked": clicks}}})
	}
	x.ok(map[string]any{"links": out})
}

// actionFamily is a and its translations' ids.
func actionFamily(a *flowAction) []int {
	ids := []int{a.ID}
	for _, t := range a.translations {
		ids = append(ids, t.ID)
	}
	return ids
}

// Campaign handlers.

// appListCampaigns is GET /v1/campaigns: every campaign, by id.
func (s *Server) appListCampaigns(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	x.ok(map[string]any{"campaigns": s.state.flowList(false)})
}

// flowList renders the campaigns or the broadcasts, by id.
func (st *store) flowList(broadcast bool) []map[string]any {
	fs := st.flowsSeeded()
	out := []map[string]any{}
	for id := 1; id <= fs.nextFlow; id++ {
		if f := fs.flows[id]; f != nil && f.broadcast == broadcast {
			out = append(out, f.json())
		}
	}
	return out
}

// appGetCampaign is GET /v1/campaigns/{campaign_id}.
func (s *Server) appGetCampaign(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if f := s.pathFlow(x, "campaign_id", false); f != nil {
		x.ok(map[string]any{"campaign": f.json()})
	}
}

// appCampaignMessages is GET /v1/campaigns/{campaign_id}/messages.
func (s *Server) appCampaignMessages(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if f := s.pathFlow(x, "campaign_id", false); f != nil {
		s.flowDeliveries(x, f)
	}
}

// appCampaignActions is GET /v1/campaigns/{campaign_id}/actions: the actions in
// workflow order, 10 a page, cursor-paged by start (the route takes no limit).
func (s *Server) appCampaignActions(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	f := s.pathFlow(x, "campaign_id", false)
	if f == nil {
		return
	}
	scope := "actions/" + strconv.Itoa(f.ID)
	q := url.Values{"start": x.query["start"]}
	pr, problems := readPage(q, scope, 10, 10)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	page, next := paginate(f.actions, func(a *flowAction) int64 { return int64(a.ID) }, pr, scope)
	out := []map[string]any{}
	for _, a := range page {
		out = append(out, f.actionJSON(a))
	}
	x.ok(map[string]any{"actions": out, "next": next})
}

// appCampaignAction is GET /v1/campaigns/{campaign_id}/actions/{action_id} and
// its …/language/{language} translation.
func (s *Server) appCampaignAction(x *exchange) { s.flowAction(x, "campaign_id", false) }

// appUpdateCampaignAction is PUT /v1/campaigns/{campaign_id}/actions/{action_id}
// and its …/language/{language} translation.
func (s *Server) appUpdateCampaignAction(x *exchange) { s.flowUpdateAction(x, "campaign_id", false) }

// flowAction answers GET of one action or translation.
func (s *Server) flowAction(x *exchange, param string, broadcast bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	f := s.pathFlow(x, param, broadcast)
	if f == nil {
		return
	}
	if a := x.pathAction(f); a != nil {
		x.ok(map[string]any{"action": f.actionJSON(a)})
	}
}

// flowUpdateAction answers PUT of one action or translation.
func (s *Server) flowUpdateAction(x *exchange, param string, broadcast bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	f := s.pathFlow(x, param, broadcast)
	if f == nil {
		return
	}
	a := x.pathAction(f)
	if a == nil || !x.updateAction(a, s.state.unix()) {
		return
	}
	f.Updated = a.Updated
	x.ok(map[string]any{"action": f.actionJSON(a)})
}

// appCampaignMetrics is GET /v1/campaigns/{campaign_id}/metrics, version 2 (res,
// start, end, tz) or version 1 (period, steps).
func (s *Server) appCampaignMetrics(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if f := s.pathFlow(x, "campaign_id", false); f != nil {
		s.flowMetrics(x, f)
	}
}

// appCampaignActionMetrics is GET
// /v1/campaigns/{campaign_id}/actions/{action_id}/metrics: {"metric": …}, and
// for the branch id of a multi-language message the total of its variants
// with "language_variants" per language.
func (s *Server) appCampaignActionMetrics(x *exchange) { s.flowActionMetrics(x, "campaign_id", false) }

// flowActionMetrics answers an action's metrics report.
func (s *Server) flowActionMetrics(x *exchange, param string, broadcast bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	f := s.pathFlow(x, param, broadcast)
	if f == nil {
		return
	}
	a := x.pathAction(f)
	if a == nil {
		return
	}
	b, ok := x.readReport(s.state.now())
	if !ok {
		return
	}
	typ, ok := x.readType()
	if !ok {
		return
	}
	if len(a.translations) == 0 {
		x.ok(map[string]any{"metric": map[string]any{"series": countSeries(b, f.keep([]int{a.ID}, typ))}})
		return
	}
	variants := map[string]any{}
	variants["default"] = map[string]any{"series": countSeries(b, f.keep([]int{a.ID}, typ))}
	for _, t := range a.translations {
		variants[t.Language] = map[string]any{"series": countSeries(b, f.keep([]int{t.ID}, typ))}
	}
	x.ok(map[string]any{
		"metric":            map[string]any{"series": countSeries(b, f.keep(actionFamily(a), typ))},
		"language_variants": variants,
	})
}

// appCampaignLinks is GET /v1/campaigns/{campaign_id}/metrics/links.
func (s *Server) appCampaignLinks(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if f := s.pathFlow(x, "campaign_id", false); f != nil {
		s.flowLinks(x, f, f.actions)
	}
}

// appCampaignActionLinks is GET
// /v1/campaigns/{campaign_id}/actions/{action_id}/metrics/links.
func (s *Server) appCampaignActionLinks(x *exchange) { s.flowActionLinks(x, "campaign_id", false) }

// flowActionLinks answers an action's link report.
func (s *Server) flowActionLinks(x *exchange, param string, broadcast bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	f := s.pathFlow(x, param, broadcast)
	if f == nil {
		return
	}
	if a := x.pathAction(f); a != nil {
		s.flowLinks(x, f, []*flowAction{a})
	}
}

// appCampaignJourneyMetrics is GET /v1/campaigns/{campaign_id}/journey_metrics:
// start, end and the resolution (as res or resolution) are required. Each
// person's first delivery starts a journey; the series count, per point, the
// journeys begun then that were messaged, converted and so on.
func (s *Server) appCampaignJourneyMetrics(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	f := s.pathFlow(x, "campaign_id", false)
	if f == nil {
		return
	}
	for _, k := range []string{"start", "end"} {
		if x.query.Get(k) == "" {
			x.fail(http.StatusBadRequest, required(k))
			return
		}
	}
	b, ok := x.readWindow(s.state.now(), "resolution")
	if !ok {
		return
	}
	names := []string{"started", "activated", "never_activated", "messaged", "converted", "exited_early", "finished"}
	series := map[string][]int64{}
	for _, n := range names {
		series[n] = make([]int64, len(b.starts))
	}
	journeys := map[string][]flowDelivery{}
	var order []string
	for _, d := range f.deliveries {
		if _, seen := journeys[d.Customer]; !seen {
			order = append(order, d.Customer)
		}
		journeys[d.Customer] = append(journeys[d.Customer], d)
	}
	for _, who := range order {
		ds := journeys[who]
		i := b.index(ds[0].Created)
		if i < 0 {
			continue
		}
		series["started"][i]++
		series["activated"][i]++
		messaged, converted := false, false
		for _, d := range ds {
			_, sent := d.Metrics["sent"]
			_, conv := d.Metrics["converted"]
			messaged, converted = messaged || sent, converted || conv
		}
		if messaged {
			series["messaged"][i]++
		}
		if converted {
			series["converted"][i]++
		}
		if f.State != "running" {
			series["finished"][i]++
		}
	}
	x.ok(map[string]any{"journey_metric": series})
}
