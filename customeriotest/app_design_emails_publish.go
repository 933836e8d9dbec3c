package customeriotest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// designPublish is a multi-language publish in progress. The fake finishes it
// on the second status read, so a caller sees pending once, then done.
type designPublish struct {
	id       string
	email    string
	reads    int
	mappings []map[string]any
}

// linkKey names a link target by its kind and id, so two emails cannot be
// linked to the same workflow.
func linkKey(target map[string]any) (string, bool) {
	kind := str(target, "type")
	if strings.TrimSpace(kind) == "" {
		return "", false
	}
	set := 0
	key := kind
	for _, f := range []string{"action_id", "newsletter_id", "transactional_message_id"} {
		v, ok := target[f]
		if !ok {
			continue
		}
		n, isNum := v.(float64)
		if !isNum || n < 1 || n != float64(int(n)) {
			return "", false
		}
		set++
		key += "/" + f + "=" + strconv.Itoa(int(n))
	}
	return key, set == 1
}

// appLinkDesignEmail is POST /v1/design_studio/emails/{id}/link: target* {type,
// one of action_id, newsletter_id, transactional_message_id} and force. A target
// linked to another email is a 409 unless force is true, which unlinks that
// email.
func (s *Server) appLinkDesignEmail(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	if k := unknownKey(body, "target", "force"); k != "" {
		x.fail(http.StatusBadRequest, invalid(k, "unknown field %s", k))
		return
	}
	target := objectField(body, "target")
	key, valid := linkKey(target)
	if !valid {
		x.fail(http.StatusBadRequest, invalid("target", "target needs a type and exactly one positive workflow id"))
		return
	}
	force, _ := body["force"].(bool)
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathDesignEmail(x, true)
	if e == nil {
		return
	}
	d := s.state.designEmails()
	if other, taken := d.links[key]; taken && other != e.id {
		if !force {
			x.fail(http.StatusConflict, invalid("target", "the workflow is linked to email %s; pass force to replace it", other))
			return
		}
		if o := d.emails[other]; o != nil {
			o.target = nil
		}
	}
	for k, id := range d.links {
		if id == e.id {
			delete(d.links, k)
		}
	}
	d.links[key] = e.id
	e.target = target
	if e.templateID == 0 {
		d.seq++
		e.templateID = 900000 + d.seq
	}
	e.dirty = true
	x.ok(map[string]any{"node_id": e.id, "template_id": e.templateID, "target": target})
}

// appPublishDesignEmail is POST /v1/design_studio/emails/{id}/publish. An email
// that is not linked is a 400. Each variant gets a version saved on publish; a
// single-language email answers done with its mappings, one with translations
// answers pending with a publish_id.
func (s *Server) appPublishDesignEmail(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathDesignEmail(x, true)
	if e == nil {
		return
	}
	if e.target == nil {
		x.fail(http.StatusBadRequest, invalid("id", "email %s is not linked to a workflow; link it before publishing", e.id))
		return
	}
	d := s.state.designEmails()
	variants := []*designEmail{e}
	langs := make([]string, 0, len(e.translations))
	for l := range e.translations {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	for _, l := range langs {
		variants = append(variants, d.emails[e.translations[l]])
	}
	mappings := []map[string]any{}
	for _, v := range variants {
		ver := s.saveDesignVersion(v, "Published", "", true)
		mappings = append(mappings, map[string]any{"node_id": v.id, "template_id": e.templateID, "version_id": ver.id, "language": v.language})
	}
	e.dirty = false
	if len(variants) == 1 {
		x.ok(map[string]any{"status": "done", "mappings": mappings})
		return
	}
	d.seq++
	pub := &designPublish{id: "pub_" + strconv.Itoa(d.seq), email: e.id, mappings: mappings}
	d.publish[pub.id] = pub
	x.ok(map[string]any{"status": "pending", "publish_id": pub.id})
}

// appDesignPublishStatus is GET
// /v1/design_studio/emails/{id}/publish_status?publish_id=…: pending on the
// first read of a publish, done with its mappings from the second on.
func (s *Server) appDesignPublishStatus(x *exchange) {
	id := x.query.Get("publish_id")
	if id == "" {
		x.fail(http.StatusBadRequest, required("publish_id"))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathDesignEmail(x, true)
	if e == nil {
		return
	}
	pub := s.state.designEmails().publish[id]
	if pub == nil || pub.email != e.id {
		x.fail(http.StatusNotFound, invalid("publish_id", "publish %s not found", id))
		return
	}
	pub.reads++
	if pub.reads < 2 {
		x.ok(map[string]any{"status": "pending", "publish_id": pub.id})
		return
	}
	x.ok(map[string]any{"status": "done", "publish_id": pub.id, "mappings": pub.mappings})
}

// appDesignUnpublished is GET /v1/design_studio/emails/{id}/unpublished_changes:
// true for a linked email changed since its last publish.
func (s *Server) appDesignUnpublished(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if e := s.pathDesignEmail(x, true); e != nil {
		x.ok(map[string]any{"has_unpublished_changes": e.target != nil && e.dirty})
	}
}
