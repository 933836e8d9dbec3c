package customeriotest

import (
	"net/http"
	"slices"
	"strings"
)

// pathTranslation finds the {language} variant of the default email {id},
// answering 404 when either is unknown. The caller holds the store lock.
func (s *Server) pathTranslation(x *exchange) (def, tr *designEmail) {
	def = s.pathDesignEmail(x, true)
	if def == nil {
		return nil, nil
	}
	tr = s.state.designEmails().emails[def.translations[x.params["language"]]]
	if tr == nil {
		x.fail(http.StatusNotFound, invalid("language", "email %s has no %s translation", def.id, x.params["language"]))
		return nil, nil
	}
	return def, tr
}

// appListDesignTranslations is GET /v1/design_studio/emails/{id}/languages: the
// email's translations by language code.
func (s *Server) appListDesignTranslations(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	def := s.pathDesignEmail(x, true)
	if def == nil {
		return
	}
	d := s.state.designEmails()
	langs := make([]string, 0, len(def.translations))
	for l := range def.translations {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	out := []map[string]any{}
	for _, l := range langs {
		out = append(out, d.json(d.emails[def.translations[l]]))
	}
	x.ok(map[string]any{"email_translations": out})
}

// appCreateDesignTranslation is POST /v1/design_studio/emails/{id}/languages:
// language* and optional content, envelope, transformers; what is left out is
// copied from the default email (the subject and preheader with the envelope
// when content is left out, the bodies whenever it is). A language the email
// already has is a 409.
func (s *Server) appCreateDesignTranslation(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	if k := unknownKey(body, "language", "content", "envelope", "transformers"); k != "" {
		x.fail(http.StatusBadRequest, invalid(k, "unknown field %s", k))
		return
	}
	lang := str(body, "language")
	if strings.TrimSpace(lang) == "" {
		x.fail(http.StatusBadRequest, required("language"))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	def := s.pathDesignEmail(x, true)
	if def == nil {
		return
	}
	if _, dup := def.translations[lang]; dup {
		x.fail(http.StatusConflict, invalid("language", "email %s already has a %s translation", def.id, lang))
		return
	}
	d := s.state.designEmails()
	now := s.state.unix()
	tr := &designEmail{
		id: d.newID(), name: def.name, language: lang, group: def.id, folder: def.folder, isTemplate: def.isTemplate,
		content: cloneMap(def.content), envelope: cloneMap(def.envelope), transformers: cloneMap(def.transformers),
		created: now, updated: now, order: s.state.next(),
	}
	fields := cloneMap(body)
	delete(fields, "language")
	if !s.applyEmailFields(x, tr, fields) {
		return
	}
	d.emails[tr.id] = tr
	def.translations[lang] = tr.id
	def.dirty = true
	x.ok(map[string]any{"email_translation": d.json(tr)})
}

// appGetDesignTranslation is GET /v1/design_studio/emails/{id}/languages/{language}.
func (s *Server) appGetDesignTranslation(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if _, tr := s.pathTranslation(x); tr != nil {
		x.ok(map[string]any{"email_translation": s.state.designEmails().json(tr)})
	}
}

// appUpdateDesignTranslation is PUT
// /v1/design_studio/emails/{id}/languages/{language}: at least one of content,
// envelope, transformers; 204.
func (s *Server) appUpdateDesignTranslation(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	if k := unknownKey(body, "content", "envelope", "transformers"); k != "" {
		x.fail(http.StatusBadRequest, invalid(k, "unknown field %s", k))
		return
	}
	if len(body) == 0 {
		x.fail(http.StatusBadRequest, invalid("", "provide at least one of content, envelope and transformers"))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	_, tr := s.pathTranslation(x)
	if tr == nil {
		return
	}
	next := *tr
	next.content, next.envelope, next.transformers = cloneMap(tr.content), cloneMap(tr.envelope), cloneMap(tr.transformers)
	if !s.applyEmailFields(x, &next, body) {
		return
	}
	*tr = next
	s.touch(tr)
	x.reply(http.StatusNoContent, nil)
}

// appDeleteDesignTranslation is DELETE
// /v1/design_studio/emails/{id}/languages/{language}; 409 while the email is
// linked to a workflow, else 204.
func (s *Server) appDeleteDesignTranslation(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	def, tr := s.pathTranslation(x)
	if tr == nil {
		return
	}
	if def.target != nil {
		x.fail(http.StatusConflict, invalid("language", "the %s translation is linked to a workflow", tr.language))
		return
	}
	d := s.state.designEmails()
	delete(d.emails, tr.id)
	delete(d.versions, tr.id)
	delete(def.translations, tr.language)
	x.reply(http.StatusNoContent, nil)
}
