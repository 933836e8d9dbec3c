package customeriotest

import (
	"net/http"
	"strconv"
	"time"
)

// Metrics reports of a transactional template, computed from its sends and the
// metrics reported for them. Buckets are aligned to UTC hours, days, weeks
// (from Sunday) and months; Customer.io starts days at 00:00 Eastern time,
// which the fake does not model.

// maxSteps is how many periods Customer.io reports at most, and by default.
var maxSteps = map[string]int{"hours": 24, "days": 45, "weeks": 12, "months": 121}

// reportSeries lists the series a report always carries, zero or not.
var reportSeries = []string{"attempted", "bounced", "clicked", "converted", "created", "delivered", "drafted", "failed", "opened", "sent", "spammed", "undeliverable", "unsubscribed"}

// buckets are the period boundaries of one report: starts[i] opens period i,
// oldest first; end closes the last.
type buckets struct {
	starts []int64
	end    int64
}

// index is the period t falls in, or -1.
func (b buckets) index(t int64) int {
	if len(b.starts) == 0 || t < b.starts[0] || t >= b.end {
		return -1
	}
	i := len(b.starts) - 1
	for t < b.starts[i] {
		i--
	}
	return i
}

// readBuckets reads period and steps, answering 400 for values Customer.io
// refuses.
func (x *exchange) readBuckets(now time.Time) (buckets, bool) {
	period := x.query.Get("period")
	if period == "" {
		period = "days"
	}
	max, known := maxSteps[period]
	if !known {
		x.fail(http.StatusBadRequest, invalid("period", "period must be hours, days, weeks or months"))
		return buckets{}, false
	}
	steps := max
	if v := x.query.Get("steps"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > max {
			x.fail(http.StatusBadRequest, invalid("steps", "steps must be 0 to %d for %s", max, period))
			return buckets{}, false
		}
		if n > 0 {
			steps = n
		}
	}
	now = now.UTC()
	var cur time.Time
	step := func(t time.Time, k int) time.Time { return t.AddDate(0, 0, k) }
	switch period {
	case "hours":
		cur = now.Truncate(time.Hour)
		step = func(t time.Time, k int) time.Time { return t.Add(time.Duration(k) * time.Hour) }
	case "days":
		cur = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	case "weeks":
		cur = time.Date(now.Year(), now.Month(), now.Day()-int(now.Weekday()), 0, 0, 0, 0, time.UTC)
		step = func(t time.Time, k int) time.Time { return t.AddDate(0, 0, 7*k) }
	case "months":
		cur = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
		step = func(t time.Time, k int) time.Time { return t.AddDate(0, k, 0) }
	}
	b := buckets{starts: make([]int64, steps), end: step(cur, 1).Unix()}
	for i := range steps {
		b.starts[i] = step(cur, i-steps+1).Unix()
	}
	return b, true
}

// appTransactionalMetrics is GET /v1/transactional/{transactional_id}/metrics:
// {"metric": {"series": {name: [count per period, oldest first]}}}.
func (s *Server) appTransactionalMetrics(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	id, ok := s.pathTemplate(x)
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
	for _, send := range s.state.sends {
		if s.state.templateOf(send) != id {
			continue
		}
		if i := b.index(send.QueuedAt); i >= 0 {
			series["created"][i]++
		}
		for name, at := range s.state.deliveryMetricTimes(send) {
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

type linkJSON struct {
	ID   int    `json:"id"`
	Href string `json:"href"`
}

type linkMetricJSON struct {
	Link   linkJSON                      `json:"link"`
	Metric map[string]map[string][]int64 `json:"metric"`
}

// appTransactionalLinks is GET /v1/transactional/{transactional_id}/metrics/links:
// the clicks reported (with an href) on the template's deliveries, per link in
// the order each was first clicked; unique=true counts each recipient once per
// link.
func (s *Server) appTransactionalLinks(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	id, ok := s.pathTemplate(x)
	if !ok {
		return
	}
	b, ok := x.readBuckets(s.state.now())
	if !ok {
		return
	}
	unique := x.query.Get("unique") == "true"
	sends := map[string]Send{}
	for _, send := range s.state.sends {
		if s.state.templateOf(send) == id {
			sends[send.DeliveryID] = send
		}
	}
	out := []linkMetricJSON{}
	byHref := map[string]int{}
	counted := map[string]bool{}
	for _, m := range s.state.metrics {
		send, mine := sends[m.DeliveryID]
		if !mine || m.Metric != "clicked" || m.Href == "" {
			continue
		}
		n, seen := byHref[m.Href]
		if !seen {
			n = len(out)
			byHref[m.Href] = n
			out = append(out, linkMetricJSON{
				Link:   linkJSON{ID: n + 1, Href: m.Href},
				Metric: map[string]map[string][]int64{"series": {"clicked": make([]int64, len(b.starts))}},
			})
		}
		who := send.DeliveryID
		if p := s.state.recipientOf(send); p != nil {
			who = p.cioID
		}
		if unique && counted[m.Href+"\x00"+who] {
			continue
		}
		counted[m.Href+"\x00"+who] = true
		at := m.Timestamp
		if at == 0 {
			at = send.QueuedAt
		}
		if i := b.index(at); i >= 0 {
			out[n].Metric["series"]["clicked"][i]++
		}
	}
	x.ok(map[string]any{"links": out})
}
