package customeriotest

import (
	"net/http"
	"strconv"
	"strings"

	customerio "github.com/gocustomerio/customerio"
)

// App API handlers for people and segments (reference §4.3–4.4). Errors use
// {"meta":{"error":"…"}}.

// customerJSON is a person as the App API shows one: every attribute value is a
// string, and unset identifiers are null.
type customerJSON struct {
	ID           *string           `json:"id"`
	Identifiers  identifiersJSON   `json:"identifiers"`
	Attributes   map[string]string `json:"attributes"`
	Timestamps   map[string]int64  `json:"timestamps"`
	Unsubscribed bool              `json:"unsubscribed"`
	Devices      []deviceJSON      `json:"devices"`
}

type identifiersJSON struct {
	Email *string `json:"email"`
	ID    *string `json:"id"`
	CIOID string  `json:"cio_id"`
}

type deviceJSON struct {
	ID         string              `json:"id"`
	Platform   customerio.Platform `json:"platform"`
	LastUsed   int64               `json:"last_used"`
	Attributes map[string]string   `json:"attributes,omitempty"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (p *person) identifiersJSON() identifiersJSON {
	return identifiersJSON{Email: nullable(p.email), ID: nullable(p.id), CIOID: p.cioID}
}

func stringifyMap(m map[string]any) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = stringify(v)
	}
	return out
}

func (p *person) customerJSON() customerJSON {
	attrs := stringifyMap(p.attrs)
	if attrs == nil {
		attrs = map[string]string{}
	}
	attrs[kindCIOID] = p.cioID
	if p.id != "" {
		attrs[kindID] = p.id
	}
	if p.email != "" {
		attrs[kindEmail] = p.email
	}
	ts := make(map[string]int64, len(p.attrTimes))
	for k, v := range p.attrTimes {
		ts[k] = v
	}
	c := customerJSON{
		ID:           nullable(p.id),
		Identifiers:  p.identifiersJSON(),
		Attributes:   attrs,
		Timestamps:   ts,
		Unsubscribed: truthy(p.attrs["unsubscribed"]),
		Devices:      []deviceJSON{},
	}
	for _, d := range p.devices {
		c.Devices = append(c.Devices, deviceJSON{ID: d.Token, Platform: d.Platform, LastUsed: d.LastUsed, Attributes: stringifyMap(d.Attributes)})
	}
	return c
}

// truthy reads unsubscribed the way Customer.io does: true, "true" (any case),
// 1 and "1" count as true.
func truthy(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case float64:
		return t == 1
	case string:
		return strings.EqualFold(t, "true") || t == "1"
	}
	return false
}

// queryIdent reads a person reference with the id_type query parameter: id
// (default), email, phone or cio_id (with or without the "cio_" prefix).
func (x *exchange) queryIdent(value string) (ident, bool) {
	kind := x.query.Get("id_type")
	switch kind {
	case "":
		kind = kindID
	case kindID, kindEmail, kindPhone:
	case kindCIOID:
		value = strings.TrimPrefix(value, "cio_")
	default:
		x.fail(http.StatusBadRequest, invalid("id_type", "id_type must be id, email, phone or cio_id"))
		return ident{}, false
	}
	return ident{kind, value}, true
}

// pathCustomer finds the person of a /v1/customers/{customer_id}/… route,
// answering 404 when there is none. The caller holds the store lock.
func (s *Server) pathCustomer(x *exchange) *person {
	who, ok := x.queryIdent(x.params["customer_id"])
	if !ok {
		return nil
	}
	p := s.state.find(who)
	if p == nil {
		x.fail(http.StatusNotFound, invalid("customer_id", "customer %q not found", x.params["customer_id"]))
	}
	return p
}

// appCustomersByEmail is GET /v1/customers?email=: every person with that email.
func (s *Server) appCustomersByEmail(x *exchange) {
	email := x.query.Get("email")
	if email == "" {
		x.fail(http.StatusBadRequest, required("email"))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	results := []identifiersJSON{}
	if p := s.state.find(ident{kindEmail, email}); p != nil {
		results = append(results, p.identifiersJSON())
	}
	x.ok(map[string]any{"results": results})
}

// appSearchCustomers is POST /v1/customers?start=&limit=: the people matching
// {"filter": …}, in creation order, 50 a page by default and at most 1000.
func (s *Server) appSearchCustomers(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	if body["filter"] == nil {
		x.fail(http.StatusBadRequest, required("filter"))
		return
	}
	match, err := compileFilter("filter", body["filter"])
	if err != nil {
		x.fail(http.StatusBadRequest, invalid("filter", "%v", err))
		return
	}
	const scope = "customers"
	pr, problems := readPage(x.query, scope, 50, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	var hits []*person
	for _, p := range s.state.sortedPeople() {
		if match(s.state, p) {
			hits = append(hits, p)
		}
	}
	page, next := paginate(hits, func(p *person) int64 { return p.seq }, pr, scope)
	x.ok(identifierPage(page, next))
}

// identifierPage is the {identifiers, ids, next} body of search and membership;
// ids holds "" for a person without an id.
func identifierPage(page []*person, next string) map[string]any {
	ids := make([]string, len(page))
	idents := make([]identifiersJSON, len(page))
	for i, p := range page {
		ids[i] = p.id
		idents[i] = p.identifiersJSON()
	}
	return map[string]any{"identifiers": idents, "ids": ids, "next": next}
}

// maxCustomersByID is how many people one POST /v1/customers/attributes reads.
const maxCustomersByID = 100

// appCustomersByID is POST /v1/customers/attributes?id_type=: body {"ids": […]};
// unknown people are left out. The answer wraps each profile as Customer.io's
// documentation shows it: {"customers": [{"customer": {…}}, …]}.
func (s *Server) appCustomersByID(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	list, isList := body["ids"].([]any)
	switch {
	case body["ids"] == nil:
		x.fail(http.StatusBadRequest, required("ids"))
		return
	case !isList || len(list) == 0 || len(list) > maxCustomersByID:
		x.fail(http.StatusBadRequest, invalid("ids", "ids must be an array of 1 to %d identifiers", maxCustomersByID))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	customers := []map[string]customerJSON{}
	for _, v := range list {
		value, _ := scalarString(v)
		who, ok := x.queryIdent(value)
		if !ok {
			return
		}
		if p := s.state.find(who); p != nil {
			customers = append(customers, map[string]customerJSON{"customer": p.customerJSON()})
		}
	}
	x.ok(map[string]any{"customers": customers})
}

// appCustomerAttributes is GET /v1/customers/{customer_id}/attributes?id_type=.
func (s *Server) appCustomerAttributes(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if p := s.pathCustomer(x); p != nil {
		x.ok(map[string]any{"customer": p.customerJSON()})
	}
}

// appCustomerSegments is GET /v1/customers/{customer_id}/segments?id_type=.
func (s *Server) appCustomerSegments(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.pathCustomer(x)
	if p == nil {
		return
	}
	segs := []segmentJSON{}
	for _, g := range s.state.sortedSegments() {
		if g.has(p.cioID) {
			segs = append(segs, g.json())
		}
	}
	x.ok(map[string]any{"segments": segs})
}

type relationshipJSON struct {
	ObjectTypeID int               `json:"object_type_id"`
	Identifiers  map[string]string `json:"identifiers"`
	Attributes   map[string]any    `json:"attributes"`
}

// appCustomerRelationships is GET /v1/customers/{customer_id}/relationships,
// cursor-paged.
func (s *Server) appCustomerRelationships(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.pathCustomer(x)
	if p == nil {
		return
	}
	scope := "relationships/" + p.cioID
	pr, problems := readPage(x.query, scope, 50, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	var mine []*relationship
	for _, r := range s.state.relationships {
		if r.personCio == p.cioID {
			mine = append(mine, r)
		}
	}
	page, next := paginate(mine, func(r *relationship) int64 { return r.seq }, pr, scope)
	out := make([]relationshipJSON, len(page))
	for i, r := range page {
		typeID, _ := strconv.Atoi(r.obj.typeID)
		ids := map[string]string{"object_id": r.obj.id}
		if o := s.state.objects[r.obj]; o != nil {
			ids["cio_object_id"] = o.cioID
		}
		out[i] = relationshipJSON{ObjectTypeID: typeID, Identifiers: ids, Attributes: copyMap(r.attrs)}
	}
	x.ok(map[string]any{"cio_relationships": out, "next": next})
}
