package customeriotest

import (
	"net/http"
	"strconv"
	"unicode/utf8"
)

// appDataIndexAttributes is POST /v1/data_index/attributes: body
// {"attributes": [{name*, description, privacy_level}]}, 1 to 100 entries; 204.
func (s *Server) appDataIndexAttributes(x *exchange) { s.dataIndex(x, "attributes") }

// appDataIndexEvents is POST /v1/data_index/events: body {"events": [{name*,
// description}]}, 1 to 100 entries; 204.
func (s *Server) appDataIndexEvents(x *exchange) { s.dataIndex(x, "events") }

// dataIndex checks a Data Index update the way Customer.io does (422 for an
// empty or over-long list) and answers 204. The fake's Data Index is not
// read back by any route, so nothing is kept.
func (s *Server) dataIndex(x *exchange, key string) {
	body, ok := x.object()
	if !ok {
		return
	}
	list, isList := body[key].([]any)
	switch {
	case !isList:
		x.fail(http.StatusBadRequest, required(key))
		return
	case len(list) == 0:
		x.fail(http.StatusUnprocessableEntity, invalid(key, "At least one %s is required", key[:len(key)-1]))
		return
	case len(list) > 100:
		x.fail(http.StatusUnprocessableEntity, invalid(key, "Can not update more than 100 %s at once", key))
		return
	}
	for i, item := range list {
		at := key + "[" + strconv.Itoa(i) + "]"
		m, _ := item.(map[string]any)
		if str(m, "name") == "" {
			x.fail(http.StatusUnprocessableEntity, required(at+".name"))
			return
		}
		if utf8.RuneCountInString(str(m, "description")) > 255 {
			x.fail(http.StatusUnprocessableEntity, invalid(at+".description", "description cannot exceed 255 characters"))
			return
		}
		if level, set := m["privacy_level"]; set && key == "attributes" && level != 0.0 && level != 1.0 {
			x.fail(http.StatusUnprocessableEntity, invalid(at+".privacy_level", "privacy_level must be 0 or 1"))
			return
		}
	}
	x.reply(http.StatusNoContent, nil)
}
