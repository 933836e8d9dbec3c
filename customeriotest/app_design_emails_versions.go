package customeriotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
)

// designVersion is a saved checkpoint of one email variant.
type designVersion struct {
	id, name, description string
	onPublish             bool
	created               int64
	content, envelope     map[string]any
}

// json renders v as the API lists a version.
func (v *designVersion) json() map[string]any {
	return map[string]any{"id": v.id, "name": v.name, "description": v.description, "created_on_publish": v.onPublish, "feedback": false, "created": v.created}
}

// sameContent reports whether v holds e's current content and envelope.
func (v *designVersion) sameContent(e *designEmail) bool {
	a, _ := json.Marshal([]any{v.content, v.envelope})
	b, _ := json.Marshal([]any{e.content, e.envelope})
	return string(a) == string(b)
}

// saveDesignVersion records a version of e. The caller holds the store lock.
func (s *Server) saveDesignVersion(e *designEmail, name, description string, onPublish bool) *designVersion {
	d := s.state.designEmails()
	v := &designVersion{id: d.newID(), name: name, description: description, onPublish: onPublish, created: s.state.unix(), content: cloneMap(e.content), envelope: cloneMap(e.envelope)}
	d.versions[e.id] = append(d.versions[e.id], v)
	return v
}

// pathDesignVersion finds {version_id} among the versions of variant {id}.
func (s *Server) pathDesignVersion(x *exchange) (*designEmail, *designVersion, int) {
	e := s.pathDesignEmail(x, false)
	if e == nil {
		return nil, nil, 0
	}
	list := s.state.designEmails().versions[e.id]
	i := slices.IndexFunc(list, func(v *designVersion) bool { return v.id == x.params["version_id"] })
	if i < 0 {
		x.fail(http.StatusNotFound, invalid("version_id", "version %s not found", x.params["version_id"]))
		return nil, nil, 0
	}
	return e, list[i], i
}

// appListDesignVersions is GET /v1/design_studio/emails/{id}/versions: newest
// first, optionally created in [start_date, end_date]; end_date needs start_date.
func (s *Server) appListDesignVersions(x *exchange) {
	var start, end int64
	var err error
	if v := x.query.Get("start_date"); v != "" {
		if start, err = strconv.ParseInt(v, 10, 64); err != nil {
			x.fail(http.StatusBadRequest, invalid("start_date", "start_date must be a unix timestamp"))
			return
		}
	}
	if v := x.query.Get("end_date"); v != "" {
		if end, err = strconv.ParseInt(v, 10, 64); err != nil || x.query.Get("start_date") == "" {
			x.fail(http.StatusBadRequest, invalid("end_date", "end_date must be a unix timestamp and needs start_date"))
			return
		}
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathDesignEmail(x, false)
	if e == nil {
		return
	}
	list := s.state.designEmails().versions[e.id]
	out := []map[string]any{}
	for i := len(list) - 1; i >= 0; i-- {
		v := list[i]
		if v.created < start || end != 0 && v.created > end {
			continue
		}
		out = append(out, v.json())
	}
	x.ok(map[string]any{"versions": out})
}

// appSaveDesignVersion is POST /v1/design_studio/emails/{id}/versions: name*
// (1 to 100 characters) and description. When the variant is unchanged since its
// latest version, that version is returned with created false.
func (s *Server) appSaveDesignVersion(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	if k := unknownKey(body, "name", "description"); k != "" {
		x.fail(http.StatusBadRequest, invalid(k, "unknown field %s", k))
		return
	}
	name := str(body, "name")
	if name == "" || len([]rune(name)) > 100 {
		x.fail(http.StatusBadRequest, invalid("name", "name must be 1 to 100 characters"))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathDesignEmail(x, false)
	if e == nil {
		return
	}
	if list := s.state.designEmails().versions[e.id]; len(list) > 0 && list[len(list)-1].sameContent(e) {
		x.ok(map[string]any{"created": false, "version": list[len(list)-1].json()})
		return
	}
	v := s.saveDesignVersion(e, name, str(body, "description"), false)
	x.ok(map[string]any{"created": true, "version": v.json()})
}

// appGetDesignVersion is GET /v1/design_studio/emails/{id}/versions/{version_id}:
// the saved node and its dependencies (the fake's emails use no components).
func (s *Server) appGetDesignVersion(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e, v, _ := s.pathDesignVersion(x)
	if v == nil {
		return
	}
	env := cloneMap(v.envelope)
	env["from"], env["reply_to"] = "", ""
	x.ok(map[string]any{
		"node": map[string]any{
			"node_id": e.id, "node_type": "EMAIL", "name": e.name,
			"subject": v.content["subject"], "preheader_text": v.content["preheader_text"],
			"content": v.content["html"], "envelope": env,
		},
		"dependencies": []any{},
		"version":      v.json(),
	})
}

// appDeleteDesignVersion is DELETE
// /v1/design_studio/emails/{id}/versions/{version_id}; a version saved on
// publish is a 409, else 204.
func (s *Server) appDeleteDesignVersion(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e, v, i := s.pathDesignVersion(x)
	if v == nil {
		return
	}
	if v.onPublish {
		x.fail(http.StatusConflict, invalid("version_id", "version %s was created on publish and cannot be deleted", v.id))
		return
	}
	d := s.state.designEmails()
	d.versions[e.id] = slices.Delete(d.versions[e.id], i, i+1)
	x.reply(http.StatusNoContent, nil)
}

// appRestoreDesignVersion is POST
// /v1/design_studio/emails/{id}/versions/{version_id}/restore: the variant's
// draft takes the version's content and envelope.
func (s *Server) appRestoreDesignVersion(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e, v, _ := s.pathDesignVersion(x)
	if v == nil {
		return
	}
	e.content, e.envelope = cloneMap(v.content), cloneMap(v.envelope)
	s.touch(e)
	x.ok(map[string]any{"node_id": e.id, "restored_node_ids": []string{e.id}, "version_id": v.id})
}
