package customeriotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The variants of a newsletter: each is one language ("" for the default) of
// one A/B test group. Every newsletter has test group 0, named "A"; a new test
// group copies group 0's variants. Nothing about variants changes once the
// newsletter is sent, as Customer.io refuses it.

// newsletterContentJSON is a variant as the App API shows one.
type newsletterContentJSON struct {
	ID            int     `json:"id"`
	NewsletterID  int     `json:"newsletter_id"`
	DeduplicateID string  `json:"deduplicate_id"`
	Name          string  `json:"name"`
	Layout        string  `json:"layout"`
	Body          string  `json:"body"`
	BodyAMP       string  `json:"body_amp"`
	Language      string  `json:"language"`
	Type          string  `json:"type"`
	From          string  `json:"from"`
	FromID        int     `json:"from_id"`
	ReplyTo       string  `json:"reply_to"`
	ReplyToID     *int    `json:"reply_to_id"`
	Preprocessor  string  `json:"preprocessor"`
	Recipient     string  `json:"recipient"`
	Subject       string  `json:"subject"`
	CC            string  `json:"cc"`
	BCC           string  `json:"bcc"`
	FakeBCC       bool    `json:"fake_bcc"`
	PreheaderText string  `json:"preheader_text"`
	Headers       string  `json:"headers"`
	BodyPlain     *string `json:"body_plain,omitempty"`
}

func (c *newsletterContent) json(n *newsletter) newsletterContentJSON {
	list := c.Headers
	if list == nil {
		list = []map[string]string{}
	}
	headers, _ := json.Marshal(list)
	out := newsletterContentJSON{
		ID: c.ID, NewsletterID: n.ID, DeduplicateID: strconv.Itoa(c.ID) + ":" + strconv.FormatInt(c.UpdatedAt, 10),
		Name: c.Name, Layout: "<html><body>{{ content }}</body></html>", Body: c.Body, BodyAMP: c.BodyAMP,
		Language: c.Language, Type: n.Type, From: c.From, FromID: c.FromID, Recipient: c.Recipient,
		Subject: c.Subject, PreheaderText: c.PreheaderText, Headers: string(headers),
	}
	if c.ReplyToID != 0 {
		out.ReplyToID = &c.ReplyToID
	}
	if c.BodyPlain != "" {
		out.BodyPlain = &c.BodyPlain
	}
	return out
}

func (c *newsletterContent) clone() newsletterContent {
	out := *c
	out.Headers = slices.Clone(c.Headers)
	return out
}

// groupName is the letter the UI gives test group id: A, B, C, …
func groupName(id int) string {
	if id < 26 {
		return string(rune('A' + id))
	}
	return "G" + strconv.Itoa(id)
}

// appListNewsletterContents is GET /v1/newsletters/{newsletter_id}/contents.
func (s *Server) appListNewsletterContents(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n := s.pathNewsletter(x)
	if n == nil {
		return
	}
	out := make([]newsletterContentJSON, len(n.contents))
	for i, c := range n.contents {
		out[i] = c.json(n)
	}
	x.ok(map[string]any{"contents": out})
}

// pathNewsletterContent finds {content_id} among the newsletter's variants,
// answering 404 otherwise. The caller holds the store lock.
func (s *Server) pathNewsletterContent(x *exchange) (*newsletter, *newsletterContent) {
	n := s.pathNewsletter(x)
	if n == nil {
		return nil, nil
	}
	id, _ := strconv.Atoi(x.params["content_id"])
	for _, c := range n.contents {
		if c.ID == id {
			return n, c
		}
	}
	x.fail(http.StatusNotFound, invalid("content_id", "newsletter %d has no content %s", n.ID, x.params["content_id"]))
	return nil, nil
}

// pathTestGroup reads {test_group_id}, answering status when the newsletter
// has no such group.
func (x *exchange) pathTestGroup(n *newsletter, status int) (int, bool) {
	id, err := strconv.Atoi(x.params["test_group_id"])
	if err != nil || !slices.Contains(n.groups, id) {
		x.fail(status, invalid("test_group_id", "newsletter %d has no test group %s", n.ID, x.params["test_group_id"]))
		return 0, false
	}
	return id, true
}

// pathNewsletterLanguage finds the variant of group in {language}, answering
// 404 when there is none.
func (x *exchange) pathNewsletterLanguage(n *newsletter, group int) *newsletterContent {
	lang := x.params["language"]
	for _, c := range n.contents {
		if c.Group == group && c.Language == lang {
			return c
		}
	}
	x.fail(http.StatusNotFound, invalid("language", "newsletter %d has no %q variant in test group %d", n.ID, lang, group))
	return nil
}

// appGetNewsletterContent is GET /v1/newsletters/{newsletter_id}/contents/{content_id}.
func (s *Server) appGetNewsletterContent(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if n, c := s.pathNewsletterContent(x); c != nil {
		x.ok(map[string]any{"content": c.json(n)})
	}
}

// appUpdateNewsletterContent is PUT /v1/newsletters/{newsletter_id}/contents/{content_id}.
func (s *Server) appUpdateNewsletterContent(x *exchange) {
	s.updateNewsletterContent(x, func() (*newsletter, *newsletterContent) { return s.pathNewsletterContent(x) })
}

// appGetNewsletterLanguage is GET /v1/newsletters/{newsletter_id}/language/{language}.
func (s *Server) appGetNewsletterLanguage(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if n := s.pathNewsletter(x); n != nil {
		if c := x.pathNewsletterLanguage(n, 0); c != nil {
			x.ok(map[string]any{"content": c.json(n)})
		}
	}
}

// appUpdateNewsletterLanguage is PUT /v1/newsletters/{newsletter_id}/language/{language}.
func (s *Server) appUpdateNewsletterLanguage(x *exchange) {
	s.updateNewsletterContent(x, func() (*newsletter, *newsletterContent) {
		n := s.pathNewsletter(x)
		if n == nil {
			return nil, nil
		}
		return n, x.pathNewsletterLanguage(n, 0)
	})
}

// appGetTestGroupLanguage is GET
// /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language}.
func (s *Server) appGetTestGroupLanguage(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n := s.pathNewsletter(x)
	if n == nil {
		return
	}
	if group, ok := x.pathTestGroup(n, http.StatusNotFound); ok {
		if c := x.pathNewsletterLanguage(n, group); c != nil {
			x.ok(map[string]any{"content": c.json(n)})
		}
	}
}

// appUpdateTestGroupLanguage is PUT
// /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language}.
func (s *Server) appUpdateTestGroupLanguage(x *exchange) {
	s.updateNewsletterContent(x, func() (*newsletter, *newsletterContent) {
		n := s.pathNewsletter(x)
		if n == nil {
			return nil, nil
		}
		group, ok := x.pathTestGroup(n, http.StatusNotFound)
		if !ok {
			return nil, nil
		}
		return n, x.pathNewsletterLanguage(n, group)
	})
}

// updateNewsletterContent applies the fields the body carries to the variant
// find picks and answers it as {"content": …}. In-app and inbox content is
// refused, as Customer.io changes it only in the message editor.
func (s *Server) updateNewsletterContent(x *exchange, find func() (*newsletter, *newsletterContent)) {
	body := map[string]any{}
	if len(x.body) > 0 {
		var ok bool
		if body, ok = x.object(); !ok {
			return
		}
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n, c := find()
	if c == nil {
		return
	}
	if n.Type == "in_app" || n.Type == "inbox" {
		x.fail(http.StatusBadRequest, invalid("type", "%s content is changed in the message editor, not through the API", n.Type))
		return
	}
	next := c.clone()
	var problems []problem
	text := func(key string, dst *string) {
		if v, present := body[key]; present {
			if sv, ok := v.(string); ok {
				*dst = sv
			} else {
				problems = append(problems, invalid(key, "%s must be a string", key))
			}
		}
	}
	number := func(key string, dst *int) {
		if v, present := body[key]; present {
			switch f, ok := v.(float64); {
			case v == nil:
				*dst = 0
			case ok && f == float64(int(f)):
				*dst = int(f)
			default:
				problems = append(problems, invalid(key, "%s must be an integer", key))
			}
		}
	}
	text("subject", &next.Subject)
	text("body", &next.Body)
	text("body_amp", &next.BodyAMP)
	text("body_plain", &next.BodyPlain)
	text("preheader_text", &next.PreheaderText)
	text("recipient", &next.Recipient)
	number("from_id", &next.FromID)
	number("reply_to_id", &next.ReplyToID)
	if v, present := body["headers"]; present {
		h, ok := parseHeaders(v)
		if !ok {
			problems = append(problems, invalid("headers", "headers must be an array of {name, value} strings"))
		}
		next.Headers = h
	}
	if len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	next.UpdatedAt = s.state.unix()
	*c = next
	n.UpdatedAt = next.UpdatedAt
	x.ok(map[string]any{"content": c.json(n)})
}

// addNewsletterLanguage adds group's variant in the body's language, a copy of
// the group's default variant with the fields the body carries, answering
// the newsletter (POST …/language routes).
func (s *Server) addNewsletterLanguage(x *exchange, n *newsletter, group int, body map[string]any) {
	lang := strings.TrimSpace(str(body, "language"))
	var problems []problem
	if lang == "" {
		problems = append(problems, required("language"))
	}
	need := func(keys ...string) {
		for _, k := range keys {
			if strings.TrimSpace(str(body, k)) == "" {
				problems = append(problems, required(k))
			}
		}
	}
	switch n.Type {
	case "email":
		need("subject", "body")
	case "twilio", "webhook":
		need("body")
	case "push":
		if str(body, "subject") == "" && str(body, "body") == "" {
			problems = append(problems, required("body"))
		}
	case "inbox":
		need("body_json")
	case "in_app":
		x.fail(http.StatusBadRequest, invalid("type", "in-app newsletters are translated in the message editor"))
		return
	}
	if lang != "" && slices.ContainsFunc(n.contents, func(c *newsletterContent) bool { return c.Group == group && c.Language == lang }) {
		problems = append(problems, invalid("language", "newsletter %d already has a %q variant", n.ID, lang))
	}
	if len(problems) > 0 {
		x.fail(http.StatusUnprocessableEntity, problems...)
		return
	}
	c := n.contentFor(group, "").clone()
	c.Language, c.Name = lang, c.Name+" ("+lang+")"
	for key, dst := range map[string]*string{"subject": &c.Subject, "body": &c.Body, "body_amp": &c.BodyAMP, "body_plain": &c.BodyPlain, "preheader_text": &c.PreheaderText} {
		if v := str(body, key); v != "" {
			*dst = v
		}
	}
	if v := str(body, "body_json"); v != "" {
		c.Body = v
	}
	s.state.addNewsletterContent(n, c)
	n.UpdatedAt = s.state.unix()
	x.ok(map[string]any{"newsletter": n.json()})
}

// unsent answers 400 for a newsletter already sent; the variant routes that
// change something refuse it.
func (x *exchange) unsent(n *newsletter, what string) bool {
	if n.State == NewsletterSent {
		x.fail(http.StatusBadRequest, invalid("newsletter_id", "newsletter %d has already been sent; %s", n.ID, what))
		return false
	}
	return true
}

// appCreateNewsletterLanguage is POST /v1/newsletters/{newsletter_id}/language:
// body language* and the channel's fields. A newsletter with several test
// groups is refused (use the test group route), as is one already sent.
func (s *Server) appCreateNewsletterLanguage(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n := s.pathNewsletter(x)
	switch {
	case n == nil:
	case !x.unsent(n, "translations cannot be added"):
	case len(n.groups) > 1:
		x.fail(http.StatusBadRequest, invalid("newsletter_id", "newsletter %d has test groups; add the translation to a test group", n.ID))
	default:
		s.addNewsletterLanguage(x, n, 0, body)
	}
}

// appDeleteNewsletterLanguage is DELETE /v1/newsletters/{newsletter_id}/language/{language}.
func (s *Server) appDeleteNewsletterLanguage(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if n := s.pathNewsletter(x); n != nil {
		s.deleteNewsletterLanguage(x, n, 0)
	}
}

// appDeleteTestGroupLanguage is DELETE
// /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language}.
func (s *Server) appDeleteTestGroupLanguage(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n := s.pathNewsletter(x)
	if n == nil {
		return
	}
	if group, ok := x.pathTestGroup(n, http.StatusBadRequest); ok {
		s.deleteNewsletterLanguage(x, n, group)
	}
}

// deleteNewsletterLanguage removes group's variant in {language}; the
// default language and the variants of a sent newsletter stay (400).
func (s *Server) deleteNewsletterLanguage(x *exchange, n *newsletter, group int) {
	c := x.pathNewsletterLanguage(n, group)
	switch {
	case c == nil:
	case !x.unsent(n, "translations cannot be deleted"):
	case c.Language == "":
		x.fail(http.StatusBadRequest, invalid("language", "the default language cannot be deleted"))
	default:
		n.contents = slices.DeleteFunc(n.contents, func(v *newsletterContent) bool { return v == c })
		n.UpdatedAt = s.state.unix()
		x.reply(http.StatusNoContent, nil)
	}
}

// appCreateNewsletterTestGroup is POST /v1/newsletters/{newsletter_id}/test_groups:
// a new group, a copy of group A's variants; refused (400) once sent.
func (s *Server) appCreateNewsletterTestGroup(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n := s.pathNewsletter(x)
	if n == nil || !x.unsent(n, "test groups cannot be added") {
		return
	}
	group := slices.Max(n.groups) + 1
	n.groups = append(n.groups, group)
	for _, c := range slices.Clone(n.contents) {
		if c.Group == 0 {
			copied := c.clone()
			copied.Group = group
			s.state.addNewsletterContent(n, copied)
		}
	}
	n.UpdatedAt = s.state.unix()
	x.ok(map[string]any{"newsletter": n.json()})
}

// appListNewsletterTestGroups is GET /v1/newsletters/{newsletter_id}/test_groups.
func (s *Server) appListNewsletterTestGroups(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n := s.pathNewsletter(x)
	if n == nil {
		return
	}
	type groupJSON struct {
		ID         int    `json:"id"`
		Name       string `json:"name"`
		Label      string `json:"label"`
		Winner     bool   `json:"winner"`
		ContentIDs []int  `json:"content_ids"`
	}
	out := make([]groupJSON, len(n.groups))
	for i, g := range n.groups {
		out[i] = groupJSON{ID: g, Name: groupName(g), Label: "test " + strconv.Itoa(i+1), ContentIDs: []int{}}
		for _, c := range n.contents {
			if c.Group == g {
				out[i].ContentIDs = append(out[i].ContentIDs, c.ID)
			}
		}
	}
	x.ok(map[string]any{"test_groups": out})
}

// appCreateTestGroupLanguage is POST
// /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language.
func (s *Server) appCreateTestGroupLanguage(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n := s.pathNewsletter(x)
	if n == nil || !x.unsent(n, "translations cannot be added") {
		return
	}
	if group, ok := x.pathTestGroup(n, http.StatusBadRequest); ok {
		s.addNewsletterLanguage(x, n, group, body)
	}
}
