package customeriotest

import (
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"
)

// snippet is one snippet, by name.
type snippet struct {
	name, value string
	updatedAt   int64
}

// Snippet is a snippet in the fake workspace.
type Snippet struct {
	Name, Value string
}

// Snippets returns every snippet, by name.
func (s *Server) Snippets() []Snippet {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := []Snippet{}
	for _, sn := range s.state.sortedSnippets() {
		out = append(out, Snippet{Name: sn.name, Value: sn.value})
	}
	return out
}

func (st *store) sortedSnippets() []*snippet {
	out := make([]*snippet, 0, len(st.snippets))
	for _, sn := range st.snippets {
		out = append(out, sn)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func (sn *snippet) json() map[string]any {
	return map[string]any{"name": sn.name, "value": sn.value, "updated_at": sn.updatedAt}
}

// snippetInput reads {name*, value*}, trimmed as Customer.io trims them, and
// answers 422 as Customer.io does for a blank or over-long one.
func (x *exchange) snippetInput() (name, value string, ok bool) {
	body, ok := x.object()
	if !ok {
		return "", "", false
	}
	name, value = strings.TrimSpace(str(body, "name")), strings.TrimSpace(str(body, "value"))
	switch {
	case name == "":
		x.fail(http.StatusUnprocessableEntity, invalid("name", "name cannot be blank"))
	case utf8.RuneCountInString(name) > 150:
		x.fail(http.StatusUnprocessableEntity, invalid("name", "name cannot exceed 150 characters"))
	case value == "":
		x.fail(http.StatusUnprocessableEntity, invalid("value", "value cannot be blank"))
	case utf8.RuneCountInString(value) > 16000:
		x.fail(http.StatusUnprocessableEntity, invalid("value", "value cannot exceed 16000 characters"))
	default:
		return name, value, true
	}
	return "", "", false
}

// appListSnippets is GET /v1/snippets.
func (s *Server) appListSnippets(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := []map[string]any{}
	for _, sn := range s.state.sortedSnippets() {
		out = append(out, sn.json())
	}
	x.ok(map[string]any{"snippets": out})
}

// appCreateSnippet is POST /v1/snippets: 422 when the name is taken.
func (s *Server) appCreateSnippet(x *exchange) { s.putSnippet(x, false) }

// appUpsertSnippet is PUT /v1/snippets: creates the snippet or replaces its
// value.
func (s *Server) appUpsertSnippet(x *exchange) { s.putSnippet(x, true) }

func (s *Server) putSnippet(x *exchange, replace bool) {
	name, value, ok := x.snippetInput()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if s.state.snippets == nil {
		s.state.snippets = map[string]*snippet{}
	}
	sn := s.state.snippets[name]
	if sn != nil && !replace {
		x.fail(http.StatusUnprocessableEntity, invalid("name", "A snippet with that name already exists"))
		return
	}
	if sn == nil {
		sn = &snippet{name: name}
		s.state.snippets[name] = sn
	}
	sn.value, sn.updatedAt = value, s.state.unix()
	x.ok(map[string]any{"snippet": sn.json()})
}

// appDeleteSnippet is DELETE /v1/snippets/{snippet_name}; 204, or 404 for an
// unknown name. The fake's messages use no snippets, so none is in use.
func (s *Server) appDeleteSnippet(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	name := x.params["snippet_name"]
	if s.state.snippets[name] == nil {
		x.fail(http.StatusNotFound, invalid("snippet_name", "snippet %q not found", name))
		return
	}
	delete(s.state.snippets, name)
	x.reply(http.StatusNoContent, nil)
}
