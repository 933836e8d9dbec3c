package customeriotest

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Exports, as POST /v1/exports/customers and /v1/exports/deliveries start
// them. The fake builds an export's CSV at once, from the state at that
// moment, but reports it the way Customer.io does: "pending" in the answer to
// the create and to the first GET /v1/exports/{export_id}, "done" from the
// second read on, so a client's polling is exercised deterministically. A done
// export hands out signed links (GET /v1/exports/{export_id}/download) to a
// route the fake serves itself, GET /downloads/{token}, which needs no
// credentials and answers the CSV until the link expires 15 minutes later (by
// the server's clock).

// exportLinkTTL is how long a download link works.
const exportLinkTTL = 15 * time.Minute

// bulkState holds exports and imports.
type bulkState struct {
	exports []*fakeExport
	links   map[string]exportLink // by token
	imports []*fakeImport
}

type fakeExport struct {
	id          int
	typ         string // "customers" or "deliveries"
	description string
	rows        int
	file        []byte
	created     int64
	reads       int // GET /v1/exports/{id} answered so far
	downloads   int
}

type exportLink struct {
	export  int
	expires int64
}

type exportJSON struct {
	ID            int    `json:"id"`
	UserID        int    `json:"user_id"`
	UserEmail     string `json:"user_email"`
	Total         int    `json:"total"`
	DeduplicateID string `json:"deduplicate_id"`
	Type          string `json:"type"`
	Failed        bool   `json:"failed"`
	Status        string `json:"status"`
	Description   string `json:"description"`
	Downloads     int    `json:"downloads"`
	CreatedAt     int64  `json:"created_at"`
	UpdatedAt     int64  `json:"updated_at"`
}

// done reports whether the export has been read often enough to be finished.
func (e *fakeExport) done() bool { return e.reads >= 2 }

func (e *fakeExport) json() exportJSON {
	out := exportJSON{
		ID: e.id, DeduplicateID: strconv.Itoa(e.id) + ":" + strconv.FormatInt(e.created, 10),
		Type: e.typ, Status: "pending", Description: e.description, Downloads: e.downloads,
		CreatedAt: e.created, UpdatedAt: e.created,
	}
	if e.done() {
		out.Status, out.Total = "done", e.rows
	}
	return out
}

// addExport records an export of rows (the first row is the header).
func (st *store) addExport(typ, description string, rows [][]string) *fakeExport {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(rows) // a bytes.Buffer does not fail
	e := &fakeExport{
		id: len(st.bulk.exports) + 1, typ: typ, description: description,
		rows: len(rows) - 1, file: buf.Bytes(), created: st.unix(),
	}
	st.bulk.exports = append(st.bulk.exports, e)
	return e
}

// attributeList reads an optional "attributes" array of strings.
func (x *exchange) attributeList(body map[string]any) ([]string, bool) {
	v, present := body["attributes"]
	if !present || v == nil {
		return nil, true
	}
	list, ok := v.([]any)
	out := make([]string, 0, len(list))
	for _, a := range list {
		s, isString := a.(string)
		if !isString || s == "" {
			ok = false
			break
		}
		out = append(out, s)
	}
	if !ok {
		x.fail(http.StatusBadRequest, invalid("attributes", "attributes must be an array of attribute names"))
		return nil, false
	}
	return out, true
}

// appExportCustomers is POST /v1/exports/customers: the people matching
// "filters", one row each (id, email, cio_id, then the requested attributes).
func (s *Server) appExportCustomers(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	if body["filters"] == nil {
		x.fail(http.StatusBadRequest, required("filters"))
		return
	}
	match, err := compileFilter("filters", body["filters"])
	if err != nil {
		x.fail(http.StatusBadRequest, invalid("filters", "%v", err))
		return
	}
	attrs, ok := x.attributeList(body)
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	rows := [][]string{append([]string{"id", "email", "cio_id"}, attrs...)}
	for _, p := range s.state.sortedPeople() {
		if !match(s.state, p) {
			continue
		}
		row := []string{p.id, p.email, p.cioID}
		for _, a := range attrs {
			v, _ := attributeText(p, a)
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	e := s.state.addExport("customers", "Customers matching a filter", rows)
	x.ok(map[string]any{"export": e.json()})
}

// deliverySources are the keys of a deliveries export, exactly one of which
// names what it exports.
var deliverySources = []string{"newsletter_id", "campaign_id", "transactional_message_id", "action_id"}

// appExportDeliveries is POST /v1/exports/deliveries: the deliveries of one
// newsletter, campaign, action or transactional message, newest first, within
// start and end, reaching metric, drafts only with drafts: true, of
// template_id when given.
func (s *Server) appExportDeliveries(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	var source string
	var sourceID int
	for _, k := range deliverySources {
		v, present := body[k]
		if !present || v == nil {
			continue
		}
		if source != "" {
			x.fail(http.StatusBadRequest, invalid(k, "set one of %v, not both %s and %s", deliverySources, source, k))
			return
		}
		id, isInt := exportInt(v)
		if !isInt {
			x.fail(http.StatusBadRequest, invalid(k, "%s must be a positive integer", k))
			return
		}
		source, sourceID = k, id
	}
	if source == "" {
		x.fail(http.StatusBadRequest, invalid("", "one of %v is required", deliverySources))
		return
	}
	var bounds [2]int64
	for i, k := range []string{"start", "end"} {
		if v, present := body[k]; present && v != nil {
			n, isInt := exportInt(v)
			if !isInt {
				x.fail(http.StatusBadRequest, invalid(k, "%s must be Unix seconds", k))
				return
			}
			bounds[i] = int64(n)
		}
	}
	metric := str(body, "metric")
	if metric != "" && !slices.Contains(listMetrics, metric) {
		x.fail(http.StatusBadRequest, invalid("metric", "unknown metric %q", metric))
		return
	}
	template := 0
	if v, present := body["template_id"]; present && v != nil {
		var isInt bool
		if template, isInt = exportInt(v); !isInt {
			x.fail(http.StatusBadRequest, invalid("template_id", "template_id must be a positive integer"))
			return
		}
	}
	drafts, _ := body["drafts"].(bool)
	attrs, ok := x.attributeList(body)
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	st := s.state
	header := append([]string{"delivery_id", "customer_id", "recipient", "subject", "type", "created", "newsletter_id", "template_id"}, listMetrics...)
	rows := [][]string{append(header, attrs...)}
	for _, wd := range st.workspaceDeliveries() {
		d := st.workspaceDeliveryJSON(wd, false)
		switch source {
		case "newsletter_id":
			ok = d.NewsletterID == sourceID
		case "transactional_message_id":
			ok = wd.send != nil && d.MessageTemplateID == sourceID
		case "campaign_id":
			ok = d.CampaignID == sourceID
		case "action_id":
			ok = d.ActionID == sourceID
		}
		_, drafted := d.Metrics["drafted"]
		_, reached := d.Metrics[metric]
		switch {
		case !ok, drafted && !drafts, metric != "" && !reached,
			template != 0 && d.MessageTemplateID != template,
			bounds[0] != 0 && d.Created < bounds[0], bounds[1] != 0 && d.Created > bounds[1]:
			continue
		}
		row := []string{d.ID, d.CustomerID, d.Recipient, d.Subject, d.Type, strconv.FormatInt(d.Created, 10), exportID(d.NewsletterID), exportID(d.MessageTemplateID)}
		for _, m := range listMetrics {
			if at, ok := d.Metrics[m]; ok {
				row = append(row, strconv.FormatInt(at, 10))
			} else {
				row = append(row, "")
			}
		}
		p := st.personOf(wd, d)
		for _, a := range attrs {
			v := ""
			if p != nil {
				v, _ = attributeText(p, a)
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	name := map[string]string{"newsletter_id": "newsletter", "campaign_id": "campaign", "transactional_message_id": "transactional message", "action_id": "action"}[source]
	e := st.addExport("deliveries", fmt.Sprintf("Deliveries of %s %d", name, sourceID), rows)
	x.ok(map[string]any{"export": e.json()})
}

// exportInt reads a JSON number that is a whole number of at least 1.
func exportInt(v any) (int, bool) {
	f, ok := v.(float64)
	if !ok || f < 1 || f != float64(int(f)) {
		return 0, false
	}
	return int(f), true
}

// exportID is an id column of an export: empty for 0.
func exportID(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// appListExports is GET /v1/exports: every export, oldest first, as it
// stands (listing does not move an export along).
func (s *Server) appListExports(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]exportJSON, len(s.state.bulk.exports))
	for i, e := range s.state.bulk.exports {
		out[i] = e.json()
	}
	x.ok(map[string]any{"exports": out})
}

// pathExport is the export of {export_id}, or nil after answering 404.
func (s *Server) pathExport(x *exchange) *fakeExport {
	id, err := strconv.Atoi(x.params["export_id"])
	if err != nil || id < 1 || id > len(s.state.bulk.exports) {
		x.fail(http.StatusNotFound, invalid("export_id", "export %q not found", x.params["export_id"]))
		return nil
	}
	return s.state.bulk.exports[id-1]
}

// appGetExport is GET /v1/exports/{export_id}; each read counts towards the
// export being done.
func (s *Server) appGetExport(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathExport(x)
	if e == nil {
		return
	}
	e.reads++
	x.ok(map[string]any{"export": e.json()})
}

// appDownloadExport is GET /v1/exports/{export_id}/download: a fresh signed
// link to the export's file, {"url": …}; 400 while the export is pending.
func (s *Server) appDownloadExport(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathExport(x)
	if e == nil {
		return
	}
	if !e.done() {
		x.fail(http.StatusBadRequest, invalid("export_id", "export %d is not done yet", e.id))
		return
	}
	var raw [18]byte
	_, _ = rand.Read(raw[:])
	token := base64.RawURLEncoding.EncodeToString(raw[:])
	if s.state.bulk.links == nil {
		s.state.bulk.links = map[string]exportLink{}
	}
	s.state.bulk.links[token] = exportLink{export: e.id, expires: s.state.now().Add(exportLinkTTL).Unix()}
	e.downloads++
	x.ok(map[string]any{"url": "https://" + x.r.Host + "/downloads/" + token})
}

// downloadFile is GET /downloads/{token}: the CSV of a signed link; 403 once
// the link has expired, 404 for a token the fake never handed out.
func (s *Server) downloadFile(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	link, ok := s.state.bulk.links[x.params["token"]]
	switch {
	case !ok:
		x.fail(http.StatusNotFound, invalid("token", "no such download"))
		return
	case s.state.unix() > link.expires:
		x.fail(http.StatusForbidden, invalid("token", "the download link has expired"))
		return
	}
	x.status = http.StatusOK
	x.header.Set("Content-Type", "text/csv")
	x.out = bytes.Clone(s.state.bulk.exports[link.export-1].file)
}
