package customeriotest

import (
	"net/http"
	"strconv"
	"strings"

	customerio "github.com/gocustomerio/customerio"
)

// Track API v1 handlers (reference §2). Success bodies are {} (204 for forms);
// validation errors use {"meta":{"errors":[…]}}, merge errors
// {"meta":{"error":"…"}}.

func (s *Server) trackRegion(x *exchange) {
	x.ok(map[string]any{
		"url":            s.cfg.region.TrackURL(),
		"region":         s.cfg.region.String(),
		"environment_id": 1,
	})
}

// pathPerson reads the {identifier} segment, answering 400 when it is blank or
// too long.
func (x *exchange) pathPerson() (ident, bool) {
	id := x.params["identifier"]
	if id == "" {
		x.fail(http.StatusBadRequest, required("identifier"))
		return ident{}, false
	}
	if p := checkID("identifier", id); p != nil {
		x.fail(http.StatusBadRequest, p...)
		return ident{}, false
	}
	return pathIdent(id), true
}

// trackIdentify is PUT /api/v1/customers/{identifier}: create or update a
// person, merging the attributes.
func (s *Server) trackIdentify(x *exchange) {
	who, ok := x.pathPerson()
	if !ok {
		return
	}
	attrs := map[string]any{}
	if len(x.body) > 0 {
		if attrs, ok = x.object(); !ok {
			return
		}
	}
	problems := checkAttributes("", attrs)
	var links []objectLink
	deleting := false
	if rel, present := attrs["cio_relationships"]; present {
		var p []problem
		links, deleting, p = parseV1Relationships(rel)
		problems = append(problems, p...)
	}
	if len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	opts := identifyOptions{updateOnly: attrs["_update"] == true}
	if ts, ok := unixSeconds(attrs["_timestamp"]); ok {
		opts.timestamp = ts
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	if p := st.identify(who, attrs, opts); p != nil {
		st.applyObjectLinks(p, links, deleting)
	}
	x.okEmpty()
}

// parseV1Relationships reads identify's cio_relationships:
// {action: add_relationships | delete_relationships, relationships: […]}.
func parseV1Relationships(v any) ([]objectLink, bool, []problem) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false, []problem{invalid("cio_relationships", "cio_relationships must be an object {action, relationships}")}
	}
	action := str(m, "action")
	if action != "add_relationships" && action != "delete_relationships" {
		return nil, false, []problem{invalid("cio_relationships.action", "action must be add_relationships or delete_relationships")}
	}
	links, problems := parseObjectLinks("cio_relationships.relationships", m["relationships"], true)
	return links, action == "delete_relationships", problems
}

// applyObjectLinks relates p to (or, deleting, unrelates p from) each object.
func (st *store) applyObjectLinks(p *person, links []objectLink, deleting bool) {
	for _, l := range links {
		key, ok := st.resolve(l.obj)
		switch {
		case !ok:
		case deleting:
			st.unrelate(p.cioID, key)
		default:
			st.relate(p.cioID, "", key, l.attrs)
		}
	}
}

// trackDelete is DELETE /api/v1/customers/{identifier}.
func (s *Server) trackDelete(x *exchange) {
	who, ok := x.pathPerson()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if p := s.state.find(who); p != nil {
		s.state.deletePerson(p)
	}
	x.okEmpty()
}

// parseDevice reads a device object; tokenKey is "id" (v1) or "token" (v2).
// Deleting needs only the token.
func parseDevice(field string, v any, tokenKey string, deleting bool) (Device, []problem) {
	m, ok := v.(map[string]any)
	if !ok {
		if v == nil {
			return Device{}, []problem{required(field)}
		}
		return Device{}, []problem{invalid(field, "%s must be an object", field)}
	}
	var out []problem
	token, ok := m[tokenKey].(string)
	if !ok || token == "" {
		out = append(out, required(field+"."+tokenKey))
	}
	d := Device{Token: token}
	if deleting {
		return d, out
	}
	d.Platform = customerio.Platform(str(m, "platform"))
	switch {
	case m["platform"] == nil:
		out = append(out, required(field+".platform"))
	case d.Platform != customerio.PlatformIOS && d.Platform != customerio.PlatformAndroid:
		out = append(out, invalid(field+".platform", "platform must be ios or android"))
	}
	if lu, present := m["last_used"]; present && lu != nil {
		n, ok := lu.(float64)
		if !ok {
			out = append(out, invalid(field+".last_used", "last_used must be a Unix time in seconds"))
		}
		d.LastUsed = int64(n)
	}
	if a, present := m["attributes"]; present && a != nil {
		attrs, ok := a.(map[string]any)
		if !ok {
			out = append(out, invalid(field+".attributes", "attributes must be an object"))
		}
		d.Attributes = attrs
	}
	return d, out
}

// trackAddDevice is PUT /api/v1/customers/{identifier}/devices.
func (s *Server) trackAddDevice(x *exchange) {
	who, ok := x.pathPerson()
	if !ok {
		return
	}
	body, ok := x.object()
	if !ok {
		return
	}
	d, problems := parseDevice("device", body["device"], "id", false)
	if len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if p := s.state.reference(who); p != nil {
		s.state.upsertDevice(p, d)
	}
	x.okEmpty()
}

// trackDeleteDevice is DELETE /api/v1/customers/{identifier}/devices/{device_id}.
func (s *Server) trackDeleteDevice(x *exchange) {
	who, ok := x.pathPerson()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if p := s.state.find(who); p != nil {
		s.state.deleteDevice(p, x.params["device_id"])
	}
	x.okEmpty()
}

// trackSuppress is POST /api/v1/customers/{identifier}/suppress: delete the
// person and block their identifiers.
func (s *Server) trackSuppress(x *exchange) {
	who, ok := x.pathPerson()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.suppress(who)
	x.okEmpty()
}

// trackUnsuppress is POST /api/v1/customers/{identifier}/unsuppress.
func (s *Server) trackUnsuppress(x *exchange) {
	who, ok := x.pathPerson()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.unsuppress(who)
	x.okEmpty()
}

// parseV1Event reads the body of a v1 event: name*, id, type, timestamp, data,
// anonymous_id.
func parseV1Event(body map[string]any) (Event, []problem) {
	var out []problem
	e := Event{Name: str(body, "name"), Type: str(body, "type")}
	if e.Name == "" {
		out = append(out, required("name"))
	}
	switch e.Type {
	case "", "event", "page", "screen":
	default:
		out = append(out, invalid("type", "type must be event, page or screen"))
	}
	if id, present := body["id"]; present && id != nil {
		s, ok := scalarString(id)
		if !ok {
			out = append(out, invalid("id", "id must be a string"))
		}
		e.ID = s
	}
	if ts, present := body["timestamp"]; present && ts != nil {
		n, ok := ts.(float64)
		if !ok {
			out = append(out, invalid("timestamp", "timestamp must be a Unix time in seconds"))
		}
		e.Timestamp = int64(n)
	}
	if d, present := body["data"]; present && d != nil {
		data, ok := d.(map[string]any)
		if !ok {
			out = append(out, invalid("data", "data must be an object"))
		}
		e.Data = data
	}
	if a, ok := scalarString(body["anonymous_id"]); ok {
		e.AnonymousID = a
	}
	out = append(out, checkEvent("name", e.Name, "data", e.Data)...)
	return e, out
}

// trackPersonEvent is POST /api/v1/customers/{identifier}/events. An unknown
// person is created, as Customer.io does for events.
func (s *Server) trackPersonEvent(x *exchange) {
	who, ok := x.pathPerson()
	if !ok {
		return
	}
	body, ok := x.object()
	if !ok {
		return
	}
	e, problems := parseV1Event(body)
	if len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if p := s.state.reference(who); p != nil {
		s.state.addEvent(p, e)
	}
	x.okEmpty()
}

// trackAnonymousEvent is POST /api/v1/events.
func (s *Server) trackAnonymousEvent(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	e, problems := parseV1Event(body)
	if len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.addAnonymousEvent(e)
	x.okEmpty()
}

// formReserved are form fields Customer.io ignores.
var formReserved = map[string]bool{
	"form_id": true, "form_name": true, "form_type": true, "form_url": true, "form_url_param": true,
}

// trackFormSubmit is POST /api/v1/forms/{form_id}/submit: record the
// submission and identify the person it names with its fields. Answers 204.
func (s *Server) trackFormSubmit(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	raw, present := body["data"]
	data, isObject := raw.(map[string]any)
	switch {
	case !present || raw == nil:
		x.fail(http.StatusBadRequest, required("data"))
		return
	case !isObject:
		x.fail(http.StatusBadRequest, invalid("data", "data must be an object"))
		return
	}
	fields := make(map[string]string, len(data))
	attrs := make(map[string]any, len(data))
	for k, v := range data {
		sv, ok := v.(string)
		if !ok {
			x.fail(http.StatusBadRequest, invalid("data."+k, "form values must be strings"))
			return
		}
		fields[k] = sv
		if !formReserved[k] {
			attrs[k] = sv
		}
	}
	var who ident
	switch {
	case fields["id"] != "":
		who = ident{kindID, fields["id"]}
	case fields["email"] != "":
		who = ident{kindEmail, fields["email"]}
	default:
		x.fail(http.StatusBadRequest, invalid("data", "data must contain email or id"))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.forms = append(s.state.forms, FormSubmission{FormID: x.params["form_id"], Data: fields})
	s.state.identify(who, attrs, identifyOptions{})
	x.reply(http.StatusNoContent, nil)
}

// trackMerge is POST /api/v1/merge_customers.
func (s *Server) trackMerge(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	primary, p1 := parsePersonIdent("primary", body["primary"], kindID, kindEmail, kindCIOID)
	secondary, p2 := parsePersonIdent("secondary", body["secondary"], kindID, kindEmail, kindCIOID)
	if problems := append(p1, p2...); len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.merge(primary, secondary)
	x.okEmpty()
}

// deliveryMetrics are the metric values POST /api/v1/metrics accepts, across
// channels (reference §2.3).
var deliveryMetrics = map[customerio.Metric]bool{
	customerio.MetricBounced: true, customerio.MetricClicked: true, customerio.MetricConverted: true,
	customerio.MetricDeferred: true, customerio.MetricDelivered: true, customerio.MetricDropped: true,
	customerio.MetricOpened: true, customerio.MetricSpammed: true,
}

// trackMetric is POST /api/v1/metrics (no authentication).
func (s *Server) trackMetric(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	m := MetricReport{
		DeliveryID: str(body, "delivery_id"),
		Metric:     customerio.Metric(str(body, "metric")),
		Timestamp:  eventTime(body["timestamp"]),
		Recipient:  str(body, "recipient"),
		Reason:     str(body, "reason"),
		Href:       str(body, "href"),
		Source:     sourceMetrics,
	}
	var problems []problem
	if m.DeliveryID == "" {
		problems = append(problems, required("delivery_id"))
	}
	switch {
	case m.Metric == "":
		problems = append(problems, required("metric"))
	case !deliveryMetrics[m.Metric]:
		problems = append(problems, invalid("metric", "unknown metric %q", m.Metric))
	}
	if len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.metrics = append(s.state.metrics, m)
	x.okEmpty()
}

// pushEvents are the legacy push metric names.
var pushEvents = map[customerio.Metric]bool{
	customerio.MetricOpened: true, customerio.MetricConverted: true, customerio.MetricDelivered: true,
}

// trackPushEvent is POST /api/v1/push/events (legacy, no authentication).
func (s *Server) trackPushEvent(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	m := MetricReport{
		DeliveryID:  str(body, "delivery_id"),
		Metric:      customerio.Metric(str(body, "event")),
		DeviceToken: str(body, "device_id"),
		Timestamp:   eventTime(body["timestamp"]),
		Source:      sourcePushEvents,
	}
	if !pushEvents[m.Metric] {
		x.fail(http.StatusBadRequest, invalid("event", "event must be opened, converted or delivered"))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.metrics = append(s.state.metrics, m)
	x.okEmpty()
}

// segmentMembers reads the body and id_type of add_customers and
// remove_customers.
func (x *exchange) segmentMembers() ([]ident, bool) {
	body, ok := x.object()
	if !ok {
		return nil, false
	}
	kind := x.query.Get("id_type")
	switch kind {
	case "":
		kind = kindID
	case kindID, kindEmail, kindCIOID:
	default:
		x.fail(http.StatusBadRequest, invalid("id_type", "id_type must be id, email or cio_id"))
		return nil, false
	}
	list, isList := body["ids"].([]any)
	switch {
	case body["ids"] == nil:
		x.fail(http.StatusBadRequest, required("ids"))
		return nil, false
	case !isList:
		x.fail(http.StatusBadRequest, invalid("ids", "ids must be an array"))
		return nil, false
	case len(list) > maxSegmentIDs:
		x.fail(http.StatusBadRequest, invalid("ids", "%d ids in one request; the limit is %d", len(list), maxSegmentIDs))
		return nil, false
	}
	out := make([]ident, 0, len(list))
	for i, v := range list {
		s, ok := scalarString(v)
		if !ok || s == "" {
			x.fail(http.StatusBadRequest, invalid(indexField("ids", i), "ids must be non-blank strings"))
			return nil, false
		}
		if kind == kindCIOID {
			s = strings.TrimPrefix(s, "cio_")
		}
		out = append(out, ident{kind, s})
	}
	return out, true
}

// manualSegment finds the {segment_id} of a Track segment route, answering 404
// for an unknown one and 400 for one that is not manual.
func (s *Server) manualSegment(x *exchange) *segment {
	id, err := strconv.Atoi(x.params["segment_id"])
	g := s.state.segments[id]
	switch {
	case err != nil || g == nil:
		x.fail(http.StatusNotFound, invalid("segment_id", "segment %s not found", x.params["segment_id"]))
		return nil
	case g.Type != segmentManual:
		x.fail(http.StatusBadRequest, invalid("segment_id", "segment %d is not a manual segment", id))
		return nil
	}
	return g
}

// trackAddToSegment is POST /api/v1/segments/{segment_id}/add_customers. People
// not yet known are created (by id or email), as Customer.io does.
func (s *Server) trackAddToSegment(x *exchange) {
	who, ok := x.segmentMembers()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	g := s.manualSegment(x)
	if g == nil {
		return
	}
	for _, i := range who {
		if p := s.state.reference(i); p != nil {
			g.add(p.cioID, s.state.next())
		}
	}
	g.UpdatedAt = s.state.unix()
	x.okEmpty()
}

// trackRemoveFromSegment is POST /api/v1/segments/{segment_id}/remove_customers.
// id_type is accepted here as on add_customers.
func (s *Server) trackRemoveFromSegment(x *exchange) {
	who, ok := x.segmentMembers()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	g := s.manualSegment(x)
	if g == nil {
		return
	}
	for _, i := range who {
		if p := s.state.find(i); p != nil {
			g.remove(p.cioID)
		}
	}
	g.UpdatedAt = s.state.unix()
	x.okEmpty()
}

// trackUnsubscribe is POST /unsubscribe/{delivery_id} (no authentication): set
// or clear the unsubscribed attribute of the person the delivery went to. An
// unknown delivery is answered 400.
func (s *Server) trackUnsubscribe(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	unsub := true
	if v, present := body["unsubscribe"]; present {
		b, ok := v.(bool)
		if !ok {
			x.fail(http.StatusBadRequest, invalid("unsubscribe", "unsubscribe must be true or false"))
			return
		}
		unsub = b
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	id := x.params["delivery_id"]
	i, known := s.state.deliveries[id]
	if !known {
		x.fail(http.StatusBadRequest, invalid("delivery_id", "unknown delivery_id %q", id))
		return
	}
	s.state.unsubscribes = append(s.state.unsubscribes, Unsubscribe{DeliveryID: id, Unsubscribe: unsub})
	if p := s.state.findIdentifiers(s.state.sends[i].Identifiers); p != nil {
		s.state.setAttributes(p, map[string]any{"unsubscribed": unsub}, false)
	}
	x.okEmpty()
}

// findIdentifiers finds the person an Identifiers value names.
func (st *store) findIdentifiers(ids customerio.Identifiers) *person {
	for _, i := range []ident{{kindCIOID, ids.CIOID}, {kindID, ids.ID}, {kindEmail, ids.Email}} {
		if p := st.find(i); p != nil {
			return p
		}
	}
	return nil
}
