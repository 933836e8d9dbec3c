package customeriotest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	customerio "github.com/gocustomerio/customerio"
)

// Newsletters (one-time sends) of the fake workspace. Customer.io builds most
// of them in the UI, so every server starts with two that were already sent,
// with contents, deliveries, opens and clicks to read, list and export:
// SeededNewsletterID (an email with a French translation) and
// SeededSMSNewsletterID. Newsletters created through the API are listed, read
// and deleted like them; sending one, at once or when its scheduled time has
// come on the server's clock, makes one delivery for each person of the
// workspace its recipients filter matches.

// The newsletters every server starts with.
const (
	// SeededNewsletterID is "Weekly Product Update", an email newsletter sent
	// three days before the server started, with a default content and a
	// French translation, five deliveries and clicks on two links.
	SeededNewsletterID = 1
	// SeededSMSNewsletterID is "Spring Sale", an SMS newsletter sent one day
	// before the server started, with three deliveries.
	SeededSMSNewsletterID = 2
)

// Newsletter states, as Newsletter.State reports them.
const (
	NewsletterDraft     = "draft"
	NewsletterScheduled = "scheduled"
	NewsletterSent      = "sent"
)

// Newsletter is a newsletter of the fake workspace, as Newsletters returns it.
type Newsletter struct {
	ID   int
	Name string
	// Type is the channel: "email", "twilio", "push", "in_app", "webhook" or
	// "inbox".
	Type string
	// State is NewsletterDraft, NewsletterScheduled or NewsletterSent.
	State string
	// Recipients is the recipients filter as created.
	Recipients          map[string]any
	SubscriptionTopicID int
	Tags                []string
	// ContentIDs are the variants, default content first.
	ContentIDs []int
	// ScheduledAt, SentAt, CreatedAt and UpdatedAt are Unix seconds; 0 when
	// not set.
	ScheduledAt int64
	SentAt      int64
	CreatedAt   int64
	UpdatedAt   int64
	// Deliveries counts the messages the newsletter sent.
	Deliveries int
}

type newsletter struct {
	Newsletter
	rateLimit  map[string]any
	contents   []*newsletterContent
	groups     []int // test group ids, the default group 0 first
	deliveries []*newsletterDelivery
	links      []linkJSON
}

// newsletterContent is one variant: a language of one test group.
type newsletterContent struct {
	ID            int
	Group         int
	Language      string
	Name          string
	Subject       string
	Body          string
	BodyAMP       string
	BodyPlain     string
	PreheaderText string
	Recipient     string
	From          string
	FromID        int
	ReplyToID     int
	Headers       []map[string]string
	UpdatedAt     int64
}

// newsletterDelivery is one message a newsletter sent to one person.
type newsletterDelivery struct {
	ID          string
	ContentID   int
	Identifiers identifiersJSON
	CustomerID  string
	Recipient   string
	Subject     string
	Created     int64
	Metrics     map[string]int64
	// Clicks are the links clicked, by link id, with when.
	Clicks []linkClick
}

type linkClick struct {
	link int
	at   int64
}

// newsletterState is every newsletter, by id, and the counters that number
// newsletters, contents and deliveries.
type newsletterState struct {
	byID        map[int]*newsletter
	nextID      int
	nextContent int
	nextDlv     int
}

func (n *newsletter) snapshot() Newsletter {
	out := n.Newsletter
	out.Recipients = copyMap(n.Recipients)
	out.Tags = slices.Clone(n.Tags)
	out.ContentIDs = n.contentIDs()
	out.Deliveries = len(n.deliveries)
	return out
}

func (n *newsletter) contentIDs() []int {
	ids := make([]int, len(n.contents))
	for i, c := range n.contents {
		ids[i] = c.ID
	}
	return ids
}

// newsletterJSON is a newsletter as the App API shows one.
type newsletterJSON struct {
	ID                  int      `json:"id"`
	DeduplicateID       string   `json:"deduplicate_id"`
	Type                string   `json:"type"`
	ContentIDs          []int    `json:"content_ids"`
	Name                string   `json:"name"`
	SentAt              *int64   `json:"sent_at"`
	Created             int64    `json:"created"`
	Updated             int64    `json:"updated"`
	RecipientSegmentIDs []int    `json:"recipient_segment_ids"`
	Tags                []string `json:"tags"`
	SubscriptionTopicID *int     `json:"subscription_topic_id,omitempty"`
}

func (n *newsletter) json() newsletterJSON {
	out := newsletterJSON{
		ID: n.ID, DeduplicateID: strconv.Itoa(n.ID) + ":" + strconv.FormatInt(n.UpdatedAt, 10),
		Type: n.Type, ContentIDs: n.contentIDs(), Name: n.Name, Created: n.CreatedAt, Updated: n.UpdatedAt,
		RecipientSegmentIDs: segmentIDs(n.Recipients, nil), Tags: slices.Clone(n.Tags),
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if n.SentAt != 0 {
		out.SentAt = &n.SentAt
	}
	if n.SubscriptionTopicID != 0 {
		out.SubscriptionTopicID = &n.SubscriptionTopicID
	}
	return out
}

// segmentIDs collects the segment ids a recipients filter names, in order.
func segmentIDs(filter map[string]any, out []int) []int {
	if out == nil {
		out = []int{}
	}
	for k, v := range filter {
		switch k {
		case "and", "or":
			list, _ := v.([]any)
			for _, child := range list {
				m, _ := child.(map[string]any)
				out = segmentIDs(m, out)
			}
		case "not":
			m, _ := v.(map[string]any)
			out = segmentIDs(m, out)
		case "segment":
			m, _ := v.(map[string]any)
			if id, ok := m["id"].(float64); ok && !slices.Contains(out, int(id)) {
				out = append(out, int(id))
			}
		}
	}
	slices.Sort(out)
	return out
}

// addNewsletterContent numbers c and appends it to n.
func (st *store) addNewsletterContent(n *newsletter, c newsletterContent) *newsletterContent {
	st.news.nextContent++
	c.ID = st.news.nextContent
	c.UpdatedAt = st.unix()
	n.contents = append(n.contents, &c)
	return &c
}

// newNewsletter stores a draft newsletter and returns it.
func (st *store) newNewsletter(name, typ string, recipients map[string]any) *newsletter {
	if st.news.byID == nil {
		st.news.byID = map[int]*newsletter{}
	}
	st.news.nextID++
	now := st.unix()
	n := &newsletter{
		Newsletter: Newsletter{ID: st.news.nextID, Name: name, Type: typ, State: NewsletterDraft, Recipients: recipients, CreatedAt: now, UpdatedAt: now},
		groups:     []int{0},
	}
	st.news.byID[n.ID] = n
	return n
}

// sortedNewsletters returns every newsletter, oldest first.
func (st *store) sortedNewsletters() []*newsletter {
	st.sendDueNewsletters()
	out := make([]*newsletter, 0, len(st.news.byID))
	for _, n := range st.news.byID {
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b *newsletter) int { return a.ID - b.ID })
	return out
}

// sendDueNewsletters sends every scheduled newsletter whose time has come on
// the server's clock.
func (st *store) sendDueNewsletters() {
	now := st.unix()
	for _, n := range st.news.byID {
		if n.State == NewsletterScheduled && n.ScheduledAt <= now {
			st.sendNewsletter(n, n.ScheduledAt)
		}
	}
}

// sendNewsletter marks n sent at at and makes a delivery of its default
// content (in each person's language when it has one, else the default) for
// every person its recipients match and its channel can reach.
func (st *store) sendNewsletter(n *newsletter, at int64) {
	n.State, n.SentAt, n.UpdatedAt = NewsletterSent, at, at
	people := make([]*person, 0, len(st.people))
	for _, p := range st.people {
		people = append(people, p)
	}
	slices.SortFunc(people, func(a, b *person) int { return int(a.seq - b.seq) })
	for _, p := range people {
		if !st.matches(n.Recipients, p) {
			continue
		}
		recipient := ""
		switch n.Type {
		case "email":
			recipient = p.email
		case "twilio":
			recipient = p.phone
		case "push":
			if len(p.devices) > 0 {
				recipient = p.devices[0].Token
			}
		default:
			recipient = p.id
			if recipient == "" {
				recipient = p.cioID
			}
		}
		if recipient == "" {
			continue
		}
		c := n.contentFor(0, str(p.attrs, "language"))
		st.news.nextDlv++
		d := &newsletterDelivery{
			ID:          fmt.Sprintf("nl_%08d", st.news.nextDlv),
			ContentID:   c.ID,
			Identifiers: p.identifiersJSON(),
			CustomerID:  p.id,
			Recipient:   recipient,
			Subject:     c.Subject,
			Created:     at,
			Metrics:     map[string]int64{"sent": at},
		}
		n.deliveries = append(n.deliveries, d)
	}
}

// contentFor is group's content in language, else the group's default.
func (n *newsletter) contentFor(group int, language string) *newsletterContent {
	var fallback *newsletterContent
	for _, c := range n.contents {
		if c.Group != group {
			continue
		}
		if c.Language == language {
			return c
		}
		if c.Language == "" {
			fallback = c
		}
	}
	return fallback
}

// matches evaluates a recipients filter for p: and, or and not of segment
// conditions (membership of the fake's segments) and attribute conditions
// (eq compares the attribute's text with the value, exists its presence;
// inverse negates either). An empty filter matches nobody.
func (st *store) matches(filter map[string]any, p *person) bool {
	if len(filter) == 0 {
		return false
	}
	for k, v := range filter {
		ok := false
		switch k {
		case "and", "or":
			list, _ := v.([]any)
			ok = k == "and" && len(list) > 0
			for _, child := range list {
				m, _ := child.(map[string]any)
				if got := st.matches(m, p); got != (k == "and") {
					ok = got
					break
				}
			}
		case "not":
			m, _ := v.(map[string]any)
			ok = len(m) > 0 && !st.matches(m, p)
		case "segment":
			m, _ := v.(map[string]any)
			id, _ := m["id"].(float64)
			g := st.segments[int(id)]
			ok = g != nil && g.has(p.cioID)
		case "attribute":
			m, _ := v.(map[string]any)
			field := str(m, "field")
			val, present := p.attrs[field]
			switch field {
			case "email":
				val, present = p.email, p.email != ""
			case "id":
				val, present = p.id, p.id != ""
			}
			switch str(m, "operator") {
			case "exists":
				ok = present
			case "eq":
				ok = present && attrText(val) == attrText(m["value"])
			}
			if inverse, _ := m["inverse"].(bool); inverse {
				ok = !ok
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// pathNewsletter finds the {newsletter_id} of an App route, answering 404
// for an unknown one. The caller holds the store lock.
func (s *Server) pathNewsletter(x *exchange) *newsletter {
	s.state.sendDueNewsletters()
	id, err := strconv.Atoi(x.params["newsletter_id"])
	n := s.state.news.byID[id]
	if err != nil || n == nil {
		x.fail(http.StatusNotFound, invalid("newsletter_id", "newsletter %s not found", x.params["newsletter_id"]))
		return nil
	}
	return n
}

// Newsletters returns every newsletter of the workspace, seeded ones
// included, by id.
func (s *Server) Newsletters() []Newsletter {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	var out []Newsletter
	for _, n := range s.state.sortedNewsletters() {
		out = append(out, n.snapshot())
	}
	return out
}

// NewsletterByName returns the newsletter named name (the lowest id when
// several are), reporting false when there is none.
func (s *Server) NewsletterByName(name string) (Newsletter, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	for _, n := range s.state.sortedNewsletters() {
		if n.Name == name {
			return n.snapshot(), true
		}
	}
	return Newsletter{}, false
}

// AddSentNewsletter adds an email newsletter sent now, as one built and sent
// in the UI would be, with one delivery (sent and delivered) for each of
// recipients, and returns its id. A recipient who is a person of the
// workspace is completed from their profile (id, email, cio_id); others need
// not exist.
func (s *Server) AddSentNewsletter(name, subject string, recipients ...customerio.Identifiers) int {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	now := s.state.unix()
	n := s.state.newNewsletter(name, "email", map[string]any{"attribute": map[string]any{"field": "email", "operator": "exists"}})
	c := s.state.addNewsletterContent(n, newsletterContent{Name: name, Subject: subject, Body: "<p>" + name + "</p>", Recipient: "{{customer.email}}"})
	n.State, n.SentAt = NewsletterSent, now
	for _, r := range recipients {
		if p := s.state.findIdentifiers(r); p != nil {
			r = p.identifiers()
		}
		s.state.news.nextDlv++
		n.deliveries = append(n.deliveries, &newsletterDelivery{
			ID: fmt.Sprintf("nl_%08d", s.state.news.nextDlv), ContentID: c.ID,
			Identifiers: identifiersJSON{Email: nullable(r.Email), ID: nullable(r.ID), CIOID: r.CIOID},
			CustomerID:  r.ID, Recipient: r.Email, Subject: subject, Created: now,
			Metrics: map[string]int64{"sent": now, "delivered": now},
		})
	}
	return n.ID
}

// seedNewsletters adds the two sent newsletters every server starts with.
func (st *store) seedNewsletters() {
	now := st.unix()
	const day = 24 * 60 * 60
	weekly := st.newNewsletter("Weekly Product Update", "email", map[string]any{
		"and": []any{
			map[string]any{"attribute": map[string]any{"field": "plan", "operator": "exists"}},
			map[string]any{"not": map[string]any{"attribute": map[string]any{"field": "plan", "operator": "eq", "value": "trial"}}},
		},
	})
	weekly.Tags = []string{"Product Updates"}
	weekly.CreatedAt, weekly.UpdatedAt = now-4*day, now-3*day
	en := st.addNewsletterContent(weekly, newsletterContent{
		Name: "Weekly Product Update", Subject: "What's new this week", PreheaderText: "Our latest features",
		Body: `<h1>Product updates</h1><p><a href="https://example.com/changelog">Changelog</a> · <a href="https://example.com/pricing">Pricing</a></p>`,
		From: "Product Team <updates@example.com>", FromID: 1, Recipient: "{{customer.email}}",
	})
	fr := st.addNewsletterContent(weekly, newsletterContent{
		Language: "fr", Name: "Weekly Product Update (fr)", Subject: "Les nouveautés de la semaine", PreheaderText: "Nos dernières fonctionnalités",
		Body: `<h1>Nouveautés</h1><p><a href="https://example.com/changelog">Journal</a> · <a href="https://example.com/pricing">Tarifs</a></p>`,
		From: "Product Team <updates@example.com>", FromID: 1, Recipient: "{{customer.email}}",
	})
	weekly.links = []linkJSON{{ID: 1, Href: "https://example.com/changelog"}, {ID: 2, Href: "https://example.com/pricing"}}
	sent := now - 3*day
	weekly.State, weekly.SentAt = NewsletterSent, sent
	readers := []struct {
		id, email string
		content   *newsletterContent
		reached   []string
		clicks    []int
	}{
		{"1001", "ada@example.com", en, []string{"delivered", "opened", "clicked"}, []int{1, 2}},
		{"1002", "grace@example.com", en, []string{"delivered", "opened"}, nil},
		{"1003", "marie@example.fr", fr, []string{"delivered", "opened", "clicked"}, []int{1}},
		{"1004", "alan@example.com", en, []string{"bounced"}, nil},
		{"1005", "edsger@example.com", en, []string{"delivered", "opened", "clicked", "unsubscribed"}, []int{1, 1}},
	}
	for i, r := range readers {
		st.news.nextDlv++
		d := &newsletterDelivery{
			ID: fmt.Sprintf("nl_%08d", st.news.nextDlv), ContentID: r.content.ID,
			Identifiers: identifiersJSON{Email: nullable(r.email), ID: nullable(r.id), CIOID: fmt.Sprintf("a1%06d", i+1)},
			CustomerID:  r.id, Recipient: r.email, Subject: r.content.Subject, Created: sent,
			Metrics: map[string]int64{"attempted": sent, "sent": sent},
		}
		for k, m := range r.reached {
			d.Metrics[m] = sent + int64(60*(k+1))
		}
		for k, l := range r.clicks {
			d.Clicks = append(d.Clicks, linkClick{link: l, at: sent + int64(600*(k+1))})
		}
		weekly.deliveries = append(weekly.deliveries, d)
	}

	sale := st.newNewsletter("Spring Sale", "twilio", map[string]any{"attribute": map[string]any{"field": "sms_opt_in", "operator": "eq", "value": "true"}})
	sale.CreatedAt, sale.UpdatedAt = now-2*day, now-day
	sms := st.addNewsletterContent(sale, newsletterContent{Name: "Spring Sale", Body: "Spring sale: 30% off until Sunday! Reply STOP to opt out.", Recipient: "{{customer.phone}}"})
	sale.State, sale.SentAt = NewsletterSent, now-day
	for i, phone := range []string{"+15005550001", "+15005550002", "+15005550003"} {
		st.news.nextDlv++
		d := &newsletterDelivery{
			ID: fmt.Sprintf("nl_%08d", st.news.nextDlv), ContentID: sms.ID,
			Identifiers: identifiersJSON{ID: nullable(strconv.Itoa(2001 + i)), CIOID: fmt.Sprintf("a2%06d", i+1)},
			CustomerID:  strconv.Itoa(2001 + i), Recipient: phone, Created: now - day,
			Metrics: map[string]int64{"attempted": now - day, "sent": now - day, "delivered": now - day + 30},
		}
		if i == 2 {
			d.Metrics = map[string]int64{"attempted": now - day, "failed": now - day + 5}
		}
		sale.deliveries = append(sale.deliveries, d)
	}
}

// The channels a newsletter is created for.
var newsletterTypes = []string{"email", "twilio", "push", "in_app", "webhook", "inbox"}

// appListNewsletters is GET /v1/newsletters: every newsletter, oldest first
// (sort=desc for newest first), cursor-paged, 50 a page by default.
func (s *Server) appListNewsletters(x *exchange) {
	sort := x.query.Get("sort")
	if sort != "" && sort != "asc" && sort != "desc" {
		x.fail(http.StatusBadRequest, invalid("sort", "sort must be asc or desc"))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	all := s.state.sortedNewsletters()
	if sort == "desc" {
		slices.Reverse(all)
	}
	scope := "newsletters/" + sort
	kp, problems := readKeyPage(x.query, scope, 50, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	page, next := paginateKeys(all, func(n *newsletter) string { return strconv.Itoa(n.ID) }, kp, scope)
	out := make([]newsletterJSON, len(page))
	for i, n := range page {
		out[i] = n.json()
	}
	x.ok(map[string]any{"newsletters": out, "next": next})
}

// appGetNewsletter is GET /v1/newsletters/{newsletter_id}.
func (s *Server) appGetNewsletter(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if n := s.pathNewsletter(x); n != nil {
		x.ok(map[string]any{"newsletter": n.json()})
	}
}

// appDeleteNewsletter is DELETE /v1/newsletters/{newsletter_id}: the
// newsletter goes with its contents, deliveries and metrics; 204.
func (s *Server) appDeleteNewsletter(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if n := s.pathNewsletter(x); n != nil {
		delete(s.state.news.byID, n.ID)
		x.reply(http.StatusNoContent, nil)
	}
}

// readRateLimit checks the rate-limit fields of a create, send or schedule
// body: rate_limit_email_rate (at least 1) and rate_limit_time_period (60,
// 3600 or 86400) go together; rate_limit_spread is a boolean.
func readRateLimit(body map[string]any) (map[string]any, []problem) {
	var problems []problem
	out := map[string]any{}
	rate, hasRate := body["rate_limit_email_rate"]
	period, hasPeriod := body["rate_limit_time_period"]
	if hasRate != hasPeriod {
		problems = append(problems, invalid("rate_limit_time_period", "set rate_limit_email_rate and rate_limit_time_period together"))
	}
	if hasRate {
		if n, ok := rate.(float64); !ok || n < 1 || n != float64(int(n)) {
			problems = append(problems, invalid("rate_limit_email_rate", "rate_limit_email_rate must be an integer of at least 1"))
		}
		out["rate_limit_email_rate"] = rate
	}
	if hasPeriod {
		if n, ok := period.(float64); !ok || (n != 60 && n != 3600 && n != 86400) {
			problems = append(problems, invalid("rate_limit_time_period", "rate_limit_time_period must be 60, 3600 or 86400"))
		}
		out["rate_limit_time_period"] = period
	}
	if v, ok := body["rate_limit_spread"]; ok {
		if _, isBool := v.(bool); !isBool {
			problems = append(problems, invalid("rate_limit_spread", "rate_limit_spread must be a boolean"))
		}
		out["rate_limit_spread"] = v
	}
	return out, problems
}

// appCreateNewsletter is POST /v1/newsletters: name* (at most 190
// characters), type*, recipients*, and the fields the channel requires;
// send_now sends at once, scheduled_at (in the future, not with send_now)
// schedules, neither leaves a draft.
func (s *Server) appCreateNewsletter(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	var problems []problem
	name, typ := str(body, "name"), str(body, "type")
	switch {
	case strings.TrimSpace(name) == "":
		problems = append(problems, required("name"))
	case len([]rune(name)) > 190:
		problems = append(problems, invalid("name", "name must be at most 190 characters"))
	}
	if !slices.Contains(newsletterTypes, typ) {
		problems = append(problems, invalid("type", "type must be one of %s", strings.Join(newsletterTypes, ", ")))
	}
	recipients := objectField(body, "recipients")
	if len(recipients) == 0 {
		problems = append(problems, required("recipients"))
	}
	need := func(keys ...string) {
		for _, k := range keys {
			if strings.TrimSpace(str(body, k)) == "" {
				problems = append(problems, required(k))
			}
		}
	}
	switch typ {
	case "email":
		need("subject", "body")
		if str(body, "from") != "" && body["from_id"] != nil {
			problems = append(problems, invalid("from_id", "set from or from_id, not both"))
		}
	case "twilio":
		need("body")
	case "push":
		if str(body, "subject") == "" && str(body, "body") == "" {
			problems = append(problems, required("body"))
		}
	case "in_app", "inbox":
		need("body_json")
	case "webhook":
		need("body", "url")
		if !slices.Contains(webhookMethods, str(body, "request_method")) {
			problems = append(problems, invalid("request_method", "request_method must be GET, POST, PUT, PATCH or DELETE"))
		}
	}
	sendNow, _ := body["send_now"].(bool)
	scheduledAt, hasSchedule := int64(0), body["scheduled_at"] != nil
	if hasSchedule {
		at, ok := unixSeconds(body["scheduled_at"])
		switch {
		case !ok:
			problems = append(problems, invalid("scheduled_at", "scheduled_at must be Unix seconds"))
		case sendNow:
			problems = append(problems, invalid("scheduled_at", "set send_now or scheduled_at, not both"))
		}
		scheduledAt = at
	}
	rate, rateProblems := readRateLimit(body)
	problems = append(problems, rateProblems...)
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if hasSchedule && scheduledAt <= s.state.unix() {
		problems = append(problems, invalid("scheduled_at", "scheduled_at must be in the future"))
	}
	if len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	n := s.state.newNewsletter(name, typ, copyMap(recipients))
	n.rateLimit = rate
	if id, ok := body["subscription_topic_id"].(float64); ok {
		n.SubscriptionTopicID = int(id)
	}
	fromID, _ := body["from_id"].(float64)
	c := newsletterContent{
		Name: name, Subject: str(body, "subject"), Body: str(body, "body"), BodyPlain: str(body, "body_plain"),
		PreheaderText: str(body, "preheader_text"), From: str(body, "from"), FromID: int(fromID),
	}
	switch typ {
	case "email":
		c.Recipient = "{{customer.email}}"
	case "twilio":
		c.Recipient = "{{customer.phone}}"
	case "in_app", "inbox":
		c.Body = str(body, "body_json")
	case "webhook":
		c.Recipient = str(body, "url")
	}
	s.state.addNewsletterContent(n, c)
	switch {
	case sendNow:
		s.state.sendNewsletter(n, s.state.unix())
	case hasSchedule:
		n.State, n.ScheduledAt = NewsletterScheduled, scheduledAt
	}
	x.ok(map[string]any{"newsletter": n.json()})
}

// appSendNewsletter is POST /v1/newsletters/{newsletter_id}/send: a draft or
// scheduled newsletter is sent now; one already sent is refused with 400.
func (s *Server) appSendNewsletter(x *exchange) {
	body := map[string]any{}
	if len(x.body) > 0 {
		var ok bool
		if body, ok = x.object(); !ok {
			return
		}
	}
	rate, problems := readRateLimit(body)
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n := s.pathNewsletter(x)
	switch {
	case n == nil:
	case len(problems) > 0:
		x.fail(http.StatusBadRequest, problems...)
	case n.State == NewsletterSent:
		x.fail(http.StatusBadRequest, invalid("newsletter_id", "newsletter %d has already been sent", n.ID))
	default:
		if len(rate) > 0 {
			n.rateLimit = rate
		}
		s.state.sendNewsletter(n, s.state.unix())
		x.ok(map[string]any{"newsletter": n.json()})
	}
}

// appScheduleNewsletter is POST /v1/newsletters/{newsletter_id}/schedule:
// scheduled_at* in the future (with timezone) schedules or reschedules a
// draft, 0 deschedules; a newsletter already sent is refused with 400. The
// send happens once the server's clock reaches the time.
func (s *Server) appScheduleNewsletter(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	rate, problems := readRateLimit(body)
	at, ok := unixSeconds(body["scheduled_at"])
	switch {
	case body["scheduled_at"] == nil:
		problems = append(problems, required("scheduled_at"))
	case !ok:
		problems = append(problems, invalid("scheduled_at", "scheduled_at must be Unix seconds"))
	case at > 0 && str(body, "timezone") == "":
		problems = append(problems, required("timezone"))
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if at > 0 && at <= s.state.unix() {
		problems = append(problems, invalid("scheduled_at", "scheduled_at must be in the future"))
	}
	n := s.pathNewsletter(x)
	switch {
	case n == nil:
	case len(problems) > 0:
		x.fail(http.StatusBadRequest, problems...)
	case n.State == NewsletterSent:
		x.fail(http.StatusBadRequest, invalid("newsletter_id", "newsletter %d has already been sent", n.ID))
	default:
		if len(rate) > 0 {
			n.rateLimit = rate
		}
		n.ScheduledAt, n.UpdatedAt = at, s.state.unix()
		n.State = NewsletterScheduled
		if at == 0 {
			n.State = NewsletterDraft
		}
		x.ok(map[string]any{"newsletter": n.json()})
	}
}

// webhookMethods are the request methods of a webhook newsletter.
var webhookMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// attrText is an attribute value as text, for comparing with a condition's
// value whatever JSON type either has.
func attrText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
