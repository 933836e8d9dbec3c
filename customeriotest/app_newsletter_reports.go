package customeriotest

import (
	"net/http"
	"slices"
	"strconv"
)

// Deliveries and metrics of newsletters, computed from the deliveries each
// newsletter made (or was seeded with) and the clicks recorded on them.

// newsletterMetricTypes are the channels the newsletter metrics routes keep
// to with type.
var newsletterMetricTypes = []string{"email", "webhook", "twilio", "push", "in_app", "inbox"}

func (d *newsletterDelivery) json(n *newsletter, tracked bool) deliveryJSON {
	out := deliveryJSON{
		ID: d.ID, DeduplicateID: d.ID + ":" + strconv.FormatInt(d.Created, 10),
		MessageTemplateID: d.ContentID, CustomerID: d.CustomerID, CustomerIdentifiers: d.Identifiers,
		Recipient: d.Recipient, Subject: d.Subject, Type: n.Type, Created: d.Created,
		Metrics: make(map[string]int64, len(d.Metrics)), NewsletterID: n.ID, ContentID: d.ContentID,
	}
	for k, v := range d.Metrics {
		out.Metrics[k] = v
	}
	if _, ok := d.Metrics["failed"]; ok {
		out.FailureMessage = "the carrier rejected the message"
	}
	if tracked {
		out.TrackedResponses = []any{}
	}
	return out
}

// newsletterDeliveries returns newsletter id's deliveries, newest first, as
// the App API lists them (tracked adds empty in-app survey answers); nil for
// an unknown newsletter. Other lists of deliveries, such as exports, can take
// a newsletter's from here. The caller holds the store lock.
func (st *store) newsletterDeliveries(id int, tracked bool) []deliveryJSON {
	n := st.news.byID[id]
	if n == nil {
		return nil
	}
	out := make([]deliveryJSON, 0, len(n.deliveries))
	for i := len(n.deliveries) - 1; i >= 0; i-- {
		out = append(out, n.deliveries[i].json(n, tracked))
	}
	return out
}

// appNewsletterDeliveries is GET /v1/newsletters/{newsletter_id}/messages: the
// newsletter's deliveries, newest first, filtered by metric and time window,
// cursor-paged (50 a page by default).
func (s *Server) appNewsletterDeliveries(x *exchange) {
	metric := x.query.Get("metric")
	if metric != "" && !slices.Contains(listMetrics, metric) {
		x.fail(http.StatusBadRequest, invalid("metric", "unknown metric %q", metric))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n := s.pathNewsletter(x)
	if n == nil {
		return
	}
	inWindow, ok := x.windowFilter()
	if !ok {
		return
	}
	var picked []deliveryJSON
	for _, d := range s.state.newsletterDeliveries(n.ID, x.query.Get("get_tracked_responses") == "true") {
		_, reached := d.Metrics[metric]
		if inWindow(d.Created) && (metric == "" || reached) {
			picked = append(picked, d)
		}
	}
	scope := "newsletter/" + strconv.Itoa(n.ID)
	kp, problems := readKeyPage(x.query, scope, 50, 1000)
	if problems != nil {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	out, next := paginateKeys(picked, func(d deliveryJSON) string { return d.ID }, kp, scope)
	if out == nil {
		out = []deliveryJSON{}
	}
	x.ok(map[string]any{"messages": out, "next": next})
}

// pathNewsletterVariant reads {newsletter_id} and, on the variant routes,
// {content_id}; the content is nil for a whole newsletter.
func (s *Server) pathNewsletterVariant(x *exchange) (*newsletter, *newsletterContent, bool) {
	if _, variant := x.params["content_id"]; variant {
		n, c := s.pathNewsletterContent(x)
		return n, c, c != nil
	}
	n := s.pathNewsletter(x)
	return n, nil, n != nil
}

// metricsType reads type, answering 400 for a channel Customer.io does not
// know, and reports whether newsletter n's deliveries count under it.
func (x *exchange) metricsType(n *newsletter) (counts, ok bool) {
	typ := x.query.Get("type")
	if typ != "" && !slices.Contains(newsletterMetricTypes, typ) {
		x.fail(http.StatusBadRequest, invalid("type", "unknown type %q", typ))
		return false, false
	}
	return typ == "" || typ == n.Type, true
}

// appNewsletterMetrics is GET /v1/newsletters/{newsletter_id}/metrics and
// …/contents/{content_id}/metrics: {"metric": {"series": {name: [count per
// period, oldest first]}}} over the deliveries of the newsletter or variant.
func (s *Server) appNewsletterMetrics(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n, c, ok := s.pathNewsletterVariant(x)
	if !ok {
		return
	}
	counts, ok := x.metricsType(n)
	if !ok {
		return
	}
	b, ok := x.readBuckets(s.state.now())
	if !ok {
		return
	}
	series := map[string][]int64{}
	for _, name := range reportSeries {
		series[name] = make([]int64, len(b.starts))
	}
	for _, d := range n.deliveries {
		if !counts || (c != nil && d.ContentID != c.ID) {
			continue
		}
		if i := b.index(d.Created); i >= 0 {
			series["created"][i]++
		}
		for name, at := range d.Metrics {
			i := b.index(at)
			if i < 0 {
				continue
			}
			if series[name] == nil {
				series[name] = make([]int64, len(b.starts))
			}
			series[name][i]++
		}
	}
	x.ok(map[string]any{"metric": map[string]any{"series": series}})
}

// appNewsletterLinks is GET /v1/newsletters/{newsletter_id}/metrics/links
// (with unique) and …/contents/{content_id}/metrics/links (with type): the
// clicks on each tracked link per period; unique=true counts each recipient
// once per link.
func (s *Server) appNewsletterLinks(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	n, c, ok := s.pathNewsletterVariant(x)
	if !ok {
		return
	}
	counts, ok := x.metricsType(n)
	if !ok {
		return
	}
	b, ok := x.readBuckets(s.state.now())
	if !ok {
		return
	}
	unique := x.query.Get("unique") == "true"
	out := make([]linkMetricJSON, len(n.links))
	for i, l := range n.links {
		out[i] = linkMetricJSON{Link: l, Metric: map[string]map[string][]int64{"series": {"clicked": make([]int64, len(b.starts))}}}
	}
	for _, d := range n.deliveries {
		if !counts || (c != nil && d.ContentID != c.ID) {
			continue
		}
		counted := map[int]bool{}
		for _, click := range d.Clicks {
			at := slices.IndexFunc(n.links, func(l linkJSON) bool { return l.ID == click.link })
			if at < 0 || (unique && counted[click.link]) {
				continue
			}
			counted[click.link] = true
			if i := b.index(click.at); i >= 0 {
				out[at].Metric["series"]["clicked"][i]++
			}
		}
	}
	x.ok(map[string]any{"links": out})
}
