package customeriotest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Design Studio emails as the fake keeps them. An email and each of its
// translations are one designEmail each, told apart by language; a translation
// points at its default email through group. Ids are UUIDs counted up from 1.

// designEmailState is the fake's Design Studio email workspace.
type designEmailState struct {
	emails   map[string]*designEmail
	seq      int                       // last id handed out
	links    map[string]string         // link target key → default email id
	publish  map[string]*designPublish // by publish id
	versions map[string][]*designVersion
	jobs     []*inboxPreviewJob
	credits  int // paid inbox preview credits granted
	spent    int // inbox preview credits used, free ones first
}

// designEmail is one email or translation.
type designEmail struct {
	id, name, language, group string
	folder                    string // parent folder id, "" at the root
	isTemplate                bool
	content                   map[string]any
	envelope                  map[string]any
	transformers              map[string]any
	created, updated          int64
	order                     int64

	// Default emails only.
	target       map[string]any // linked workflow, nil when not linked
	templateID   int
	dirty        bool // changed since the last publish
	translations map[string]string
}

// designEmails returns the store's Design Studio state, creating it on first use.
// The caller holds the store lock.
func (st *store) designEmails() *designEmailState {
	if st.design == nil {
		st.design = &designEmailState{
			emails:   map[string]*designEmail{},
			links:    map[string]string{},
			publish:  map[string]*designPublish{},
			versions: map[string][]*designVersion{},
			credits:  100,
		}
	}
	return st.design
}

// newID returns the next Design Studio UUID.
func (d *designEmailState) newID() string {
	d.seq++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", d.seq)
}

// contentKeys and envelopeKeys are the fields a request may set.
var (
	contentKeys  = []string{"subject", "preheader_text", "html", "amp", "text"}
	envelopeKeys = []string{"from_id", "reply_to_id", "bcc", "fake_bcc", "headers", "recipient"}
)

// emptyContent is the content of a new email.
func emptyContent() map[string]any {
	return map[string]any{"subject": "", "preheader_text": "", "html": "", "amp": "", "text": ""}
}

// emptyEnvelope is the envelope of a new email.
func emptyEnvelope() map[string]any {
	return map[string]any{"from_id": nil, "reply_to_id": nil, "bcc": "", "fake_bcc": false, "headers": []any{}, "recipient": "{{customer.email}}"}
}

// cloneMap copies m one level deep.
func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// unknownKey returns the first key of m not in allowed, "" when there is none;
// Design Studio refuses fields it does not take.
func unknownKey(m map[string]any, allowed ...string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			return k
		}
	}
	return ""
}

// mergeInto sets the keys of patch (an object body field) on base, refusing a
// key outside allowed. It reports false after answering 400.
func mergeInto(x *exchange, field string, base map[string]any, patch any, allowed []string) bool {
	m, ok := patch.(map[string]any)
	if !ok {
		x.fail(http.StatusBadRequest, invalid(field, "%s must be an object", field))
		return false
	}
	if k := unknownKey(m, allowed...); k != "" {
		x.fail(http.StatusBadRequest, invalid(field+"."+k, "unknown field %s.%s", field, k))
		return false
	}
	for k, v := range m {
		base[k] = v
	}
	return true
}

// json renders e as the API shows an email or translation.
func (d *designEmailState) json(e *designEmail) map[string]any {
	var folder any
	if e.folder != "" {
		folder = e.folder
	}
	def := d.defaultOf(e)
	langs := []string{}
	for l := range def.translations {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	env := cloneMap(e.envelope)
	env["from"], env["reply_to"] = "", ""
	if id, ok := env["from_id"].(float64); ok {
		env["from"] = "Sender " + strconv.FormatFloat(id, 'f', -1, 64) + " <sender@example.com>"
	}
	out := map[string]any{
		"id": e.id, "name": e.name, "is_template": e.isTemplate, "is_linked": def.target != nil,
		"parent_folder_id": folder, "available_languages": langs,
		"created": e.created, "updated": e.updated,
		"content": e.content, "envelope": env, "transformers": e.transformers,
	}
	if e.language != "" {
		out["language"] = e.language
		out["language_group_id"] = e.group
	}
	return out
}

// defaultOf returns the default email of e (e itself when it is one).
func (d *designEmailState) defaultOf(e *designEmail) *designEmail {
	if e.group != "" {
		if def := d.emails[e.group]; def != nil {
			return def
		}
	}
	return e
}

// pathDesignEmail finds the {id} of a Design Studio route: any variant, or with
// defaultOnly a default email, answering 404 otherwise. The caller holds the
// store lock.
func (s *Server) pathDesignEmail(x *exchange, defaultOnly bool) *designEmail {
	d := s.state.designEmails()
	e := d.emails[x.params["id"]]
	if e == nil || (defaultOnly && e.language != "") {
		x.fail(http.StatusNotFound, invalid("id", "email %s not found", x.params["id"]))
		return nil
	}
	return e
}

// touch records a change to e: its updated time, and an unpublished change on
// its default email.
func (s *Server) touch(e *designEmail) {
	e.updated = s.state.unix()
	s.state.designEmails().defaultOf(e).dirty = true
}

// appListDesignEmails is GET /v1/design_studio/emails: default emails, filtered,
// sorted (created ascending by default) and page-numbered (page from 1, limit 1
// to 10000, 1000 by default), with meta.pagination {page, limit, total}.
func (s *Server) appListDesignEmails(x *exchange) {
	page, limit, ok := readNumberedPage(x)
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	d := s.state.designEmails()
	q := x.query
	var list []*designEmail
	for _, e := range d.emails {
		if e.language != "" || !matchDesignFilters(x, e, d) {
			continue
		}
		list = append(list, e)
	}
	if x.status != 0 {
		return
	}
	sortDesignEmails(list, q.Get("sort_by"), q.Get("sort_order"))
	from := min((page-1)*limit, len(list))
	to := min(from+limit, len(list))
	out := []map[string]any{}
	for _, e := range list[from:to] {
		out = append(out, d.json(e))
	}
	x.ok(map[string]any{
		"emails":  out,
		"folders": []any{},
		"meta":    map[string]any{"pagination": map[string]any{"page": page, "limit": limit, "total": len(list)}},
	})
}

// readNumberedPage reads page and limit, answering 400 for bad ones.
func readNumberedPage(x *exchange) (page, limit int, ok bool) {
	page, limit = 1, 1000
	if v := x.query.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			x.fail(http.StatusBadRequest, invalid("page", "page must be a positive integer"))
			return 0, 0, false
		}
		page = n
	}
	if v := x.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			x.fail(http.StatusBadRequest, invalid("limit", "limit must be between 1 and 10000"))
			return 0, 0, false
		}
		limit = n
	}
	return page, limit, true
}

// matchDesignFilters reports whether e passes the list's query filters; a bad
// filter answers 400.
func matchDesignFilters(x *exchange, e *designEmail, d *designEmailState) bool {
	q := x.query
	if f := q.Get("parent_folder_id"); f != "" && e.folder != f {
		return false
	}
	if q.Get("parent_folder_id") == "" && q.Get("direct_descendants_only") == "true" && e.folder != "" {
		return false
	}
	for key, has := range map[string]bool{"is_template": e.isTemplate, "is_linked": e.target != nil, "has_translations": len(e.translations) > 0} {
		switch q.Get(key) {
		case "":
		case "true", "false":
			if (q.Get(key) == "true") != has {
				return false
			}
		default:
			x.fail(http.StatusBadRequest, invalid(key, "%s must be true or false", key))
			return false
		}
	}
	for key, at := range map[string]int64{"created_before": e.created, "created_after": e.created, "updated_before": e.updated, "updated_after": e.updated} {
		v := q.Get(key)
		if v == "" {
			continue
		}
		t, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			x.fail(http.StatusBadRequest, invalid(key, "%s must be a unix timestamp", key))
			return false
		}
		if strings.HasSuffix(key, "_before") && at >= t || strings.HasSuffix(key, "_after") && at <= t {
			return false
		}
	}
	return true
}

// sortDesignEmails orders list by created, updated or name, ascending unless
// order is "desc"; creation order breaks ties.
func sortDesignEmails(list []*designEmail, by, order string) {
	slices.SortFunc(list, func(a, b *designEmail) int {
		c := 0
		switch by {
		case "name":
			c = strings.Compare(a.name, b.name)
		case "updated":
			c = int(a.updated - b.updated)
		default:
			c = int(a.created - b.created)
		}
		if c == 0 {
			c = int(a.order - b.order)
		}
		if order == "desc" {
			c = -c
		}
		return c
	})
}

// appCreateDesignEmail is POST /v1/design_studio/emails: name* (1 to 255
// characters), content, envelope, is_template, parent_folder_id, transformers;
// any other field is refused.
func (s *Server) appCreateDesignEmail(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	if k := unknownKey(body, "name", "content", "envelope", "is_template", "parent_folder_id", "transformers"); k != "" {
		x.fail(http.StatusBadRequest, invalid(k, "unknown field %s", k))
		return
	}
	name := str(body, "name")
	if strings.TrimSpace(name) == "" || len([]rune(name)) > 255 {
		x.fail(http.StatusBadRequest, invalid("name", "missing or invalid name"))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	d := s.state.designEmails()
	now := s.state.unix()
	e := &designEmail{id: d.newID(), name: name, content: emptyContent(), envelope: emptyEnvelope(), transformers: map[string]any{}, created: now, updated: now, order: s.state.next(), translations: map[string]string{}}
	if !s.applyEmailFields(x, e, body) {
		return
	}
	d.emails[e.id] = e
	x.ok(map[string]any{"email": d.json(e)})
}

// applyEmailFields sets the fields body carries on e, answering 400 for a bad one.
func (s *Server) applyEmailFields(x *exchange, e *designEmail, body map[string]any) bool {
	if v, ok := body["content"]; ok && !mergeInto(x, "content", e.content, v, contentKeys) {
		return false
	}
	if v, ok := body["envelope"]; ok && !mergeInto(x, "envelope", e.envelope, v, envelopeKeys) {
		return false
	}
	if v, ok := body["transformers"]; ok {
		m, isObj := v.(map[string]any)
		if !isObj {
			x.fail(http.StatusBadRequest, invalid("transformers", "transformers must be an object"))
			return false
		}
		for k, tv := range m {
			e.transformers[k] = tv
		}
	}
	if v, ok := body["is_template"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			x.fail(http.StatusBadRequest, invalid("is_template", "is_template must be a boolean"))
			return false
		}
		e.isTemplate = b
	}
	if v, ok := body["parent_folder_id"]; ok {
		switch f := v.(type) {
		case nil:
			e.folder = ""
		case string:
			if strings.TrimSpace(f) == "" {
				x.fail(http.StatusBadRequest, invalid("parent_folder_id", "parent_folder_id must not be an empty string"))
				return false
			}
			e.folder = f
		default:
			x.fail(http.StatusBadRequest, invalid("parent_folder_id", "parent_folder_id must be a UUID or null"))
			return false
		}
	}
	return true
}

// appGetDesignEmail is GET /v1/design_studio/emails/{id}; a translation's id is
// not found here.
func (s *Server) appGetDesignEmail(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if e := s.pathDesignEmail(x, true); e != nil {
		x.ok(map[string]any{"email": s.state.designEmails().json(e)})
	}
}

// appUpdateDesignEmail is PUT /v1/design_studio/emails/{id}: at least one of
// name, content, envelope, is_template, parent_folder_id, transformers; 204.
func (s *Server) appUpdateDesignEmail(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	if k := unknownKey(body, "name", "content", "envelope", "is_template", "parent_folder_id", "transformers"); k != "" {
		x.fail(http.StatusBadRequest, invalid(k, "unknown field %s", k))
		return
	}
	if len(body) == 0 {
		x.fail(http.StatusBadRequest, invalid("", "provide at least one field to update"))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathDesignEmail(x, true)
	if e == nil {
		return
	}
	next := *e
	next.content, next.envelope, next.transformers = cloneMap(e.content), cloneMap(e.envelope), cloneMap(e.transformers)
	if v, ok := body["name"]; ok {
		name, _ := v.(string)
		if strings.TrimSpace(name) == "" || len([]rune(name)) > 255 {
			x.fail(http.StatusBadRequest, invalid("name", "missing or invalid name"))
			return
		}
		next.name = name
	}
	if !s.applyEmailFields(x, &next, body) {
		return
	}
	*e = next
	s.touch(e)
	x.reply(http.StatusNoContent, nil)
}

// appDeleteDesignEmail is DELETE /v1/design_studio/emails/{id}: the email, its
// translations, versions and link; 204.
func (s *Server) appDeleteDesignEmail(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathDesignEmail(x, true)
	if e == nil {
		return
	}
	d := s.state.designEmails()
	for _, id := range e.translations {
		delete(d.emails, id)
		delete(d.versions, id)
	}
	for k, id := range d.links {
		if id == e.id {
			delete(d.links, k)
		}
	}
	delete(d.emails, e.id)
	delete(d.versions, e.id)
	x.reply(http.StatusNoContent, nil)
}
