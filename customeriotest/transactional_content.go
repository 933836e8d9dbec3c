package customeriotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
)

// reasonNotImplemented marks the answer to a route the fake does not serve.
const reasonNotImplemented = "not_implemented"

// appState is the App API state beyond people, segments and sends: the
// contents of transactional templates and the problems found in broadcast
// triggers. Guarded by store.mu; its zero value is empty.
type appState struct {
	contents      []TransactionalContent // every template's variants, by id
	triggerErrors map[int][]string       // by trigger id
}

// TransactionalContent is one variant of a transactional template: its default
// content (Language "") or a translation. Updates through
// PUT /v1/transactional/{id}/content/{content_id} and …/language/{language}
// change the fields they carry.
type TransactionalContent struct {
	// ID is the content id; ids count up from 1 across templates.
	ID         int
	TemplateID int
	// Language is "" for the default content.
	Language      string
	Name          string
	Subject       string
	Body          string
	BodyAMP       string
	PreheaderText string
	Recipient     string
	FromID        int
	ReplyToID     int
	// Headers are the custom email headers, each {"name": …, "value": …}.
	Headers   []map[string]string
	UpdatedAt int64
}

func (c TransactionalContent) clone() TransactionalContent {
	c.Headers = slices.Clone(c.Headers)
	for i, h := range c.Headers {
		c.Headers[i] = map[string]string{"name": h["name"], "value": h["value"]}
	}
	return c
}

// addContent stores a new variant of a template and returns it.
func (st *store) addContent(c TransactionalContent) TransactionalContent {
	c.ID = len(st.app.contents) + 1
	c.UpdatedAt = st.unix()
	st.app.contents = append(st.app.contents, c.clone())
	return c
}

// AddTransactionalLanguage adds a translation of template templateID in
// language, a copy of its default content, and returns the new content id. It
// reports false when the template does not exist or already has that language.
func (s *Server) AddTransactionalLanguage(templateID int, language string) (int, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if templateID < 1 || templateID > len(s.state.templates) || language == "" || s.state.variant(templateID, language) != nil {
		return 0, false
	}
	c := *s.state.variant(templateID, "")
	c.Language = language
	return s.state.addContent(c).ID, true
}

// TransactionalContents returns the variants of template templateID, default
// content first.
func (s *Server) TransactionalContents(templateID int) []TransactionalContent {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	var out []TransactionalContent
	for _, c := range s.state.app.contents {
		if c.TemplateID == templateID {
			out = append(out, c.clone())
		}
	}
	return out
}

// variant is the template's content in language ("" for the default), or nil.
func (st *store) variant(templateID int, language string) *TransactionalContent {
	for i := range st.app.contents {
		if c := &st.app.contents[i]; c.TemplateID == templateID && c.Language == language {
			return c
		}
	}
	return nil
}

type contentJSON struct {
	ID            int    `json:"id"`
	DeduplicateID string `json:"deduplicate_id"`
	Name          string `json:"name"`
	Type          string `json:"type"`
	Language      string `json:"language"`
	Subject       string `json:"subject"`
	Body          string `json:"body"`
	BodyAMP       string `json:"body_amp"`
	PreheaderText string `json:"preheader_text"`
	Recipient     string `json:"recipient"`
	FromID        int    `json:"from_id"`
	ReplyToID     int    `json:"reply_to_id"`
	// Headers is a JSON string holding the list, as Customer.io answers it.
	Headers   string `json:"headers"`
	UpdatedAt int64  `json:"updated_at"`
}

func (c TransactionalContent) json() contentJSON {
	list := c.clone().Headers
	if list == nil {
		list = []map[string]string{}
	}
	encoded, _ := json.Marshal(list)
	h := string(encoded)
	return contentJSON{
		ID: c.ID, DeduplicateID: strconv.Itoa(c.ID) + ":" + strconv.FormatInt(c.UpdatedAt, 10),
		Name: c.Name, Type: "email", Language: c.Language, Subject: c.Subject, Body: c.Body,
		BodyAMP: c.BodyAMP, PreheaderText: c.PreheaderText, Recipient: c.Recipient,
		FromID: c.FromID, ReplyToID: c.ReplyToID, Headers: h, UpdatedAt: c.UpdatedAt,
	}
}

// pathTemplate reads {transactional_id}, answering 404 for an unknown
// template. The caller holds the store lock.
func (s *Server) pathTemplate(x *exchange) (int, bool) {
	id, err := strconv.Atoi(x.params["transactional_id"])
	if err != nil || id < 1 || id > len(s.state.templates) {
		x.fail(http.StatusNotFound, invalid("transactional_id", "transactional message %q not found", x.params["transactional_id"]))
		return 0, false
	}
	return id, true
}

// pathContent finds {content_id} among the template's variants, answering 404
// when it is not one. The caller holds the store lock.
func (s *Server) pathContent(x *exchange) *TransactionalContent {
	id, ok := s.pathTemplate(x)
	if !ok {
		return nil
	}
	cid, _ := strconv.Atoi(x.params["content_id"])
	if cid >= 1 && cid <= len(s.state.app.contents) && s.state.app.contents[cid-1].TemplateID == id {
		return &s.state.app.contents[cid-1]
	}
	x.fail(http.StatusNotFound, invalid("content_id", "content %q of transactional message %d not found", x.params["content_id"], id))
	return nil
}

// pathVariant finds the template's variant in {language}, answering 404 when
// it has none. The caller holds the store lock.
func (s *Server) pathVariant(x *exchange) *TransactionalContent {
	id, ok := s.pathTemplate(x)
	if !ok {
		return nil
	}
	if c := s.state.variant(id, x.params["language"]); c != nil && c.Language != "" {
		return c
	}
	x.fail(http.StatusNotFound, invalid("language", "transactional message %d has no %q translation", id, x.params["language"]))
	return nil
}

// appListContents is GET /v1/transactional/{transactional_id}/contents.
func (s *Server) appListContents(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	id, ok := s.pathTemplate(x)
	if !ok {
		return
	}
	out := []contentJSON{}
	for _, c := range s.state.app.contents {
		if c.TemplateID == id {
			out = append(out, c.json())
		}
	}
	x.ok(map[string]any{"contents": out})
}

// appGetContent is GET /v1/transactional/{transactional_id}/contents/{content_id}.
func (s *Server) appGetContent(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if c := s.pathContent(x); c != nil {
		x.ok(map[string]any{"content": c.json()})
	}
}

// appGetVariant is GET /v1/transactional/{transactional_id}/language/{language}.
func (s *Server) appGetVariant(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if c := s.pathVariant(x); c != nil {
		x.ok(map[string]any{"content": c.json()})
	}
}

// appUpdateContent is PUT /v1/transactional/{transactional_id}/content/{content_id}
// (singular "content", as Customer.io spells this one path).
func (s *Server) appUpdateContent(x *exchange) {
	s.updateContent(x, s.pathContent)
}

// appUpdateVariant is PUT /v1/transactional/{transactional_id}/language/{language}.
func (s *Server) appUpdateVariant(x *exchange) {
	s.updateContent(x, s.pathVariant)
}

// updateContent applies the fields the body carries to the variant find
// picks and answers it as {"content": …}; the other fields stay.
func (s *Server) updateContent(x *exchange, find func(*exchange) *TransactionalContent) {
	body, ok := x.object()
	if !ok {
		return
	}
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
			if n, ok := v.(float64); ok && n == float64(int(n)) {
				*dst = int(n)
			} else {
				problems = append(problems, invalid(key, "%s must be an integer", key))
			}
		}
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	c := find(x)
	if c == nil {
		return
	}
	next := c.clone()
	text("subject", &next.Subject)
	text("body", &next.Body)
	text("body_amp", &next.BodyAMP)
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
	x.ok(map[string]any{"content": c.json()})
}

func parseHeaders(v any) ([]map[string]string, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, v == nil
	}
	out := make([]map[string]string, 0, len(list))
	for _, e := range list {
		m, _ := e.(map[string]any)
		name, okName := m["name"].(string)
		value, okValue := m["value"].(string)
		if !okName || !okValue || name == "" {
			return nil, false
		}
		out = append(out, map[string]string{"name": name, "value": value})
	}
	return out, true
}
