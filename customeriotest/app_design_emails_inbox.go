package customeriotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// inboxPreviewClients is the fake's catalog of clients inbox previews capture.
var inboxPreviewClients = []map[string]any{
	{"id": "android12_gmailapp_pixel6_dm", "client": "Gmail App Pixel 6", "category": "Mobile", "os": "Android 12 (Dark Mode)", "browser": ""},
	{"id": "iphone15_applemail_ios17", "client": "Apple Mail iPhone 15", "category": "Mobile", "os": "iOS 17", "browser": ""},
	{"id": "outlook2021_win11", "client": "Outlook 2021", "category": "Desktop", "os": "Windows 11", "browser": ""},
	{"id": "gmail_chrome_win11", "client": "Gmail", "category": "Web", "os": "Windows 11", "browser": "Chrome"},
}

// freeInboxPreviewCredits is the free grant every fake account has.
const freeInboxPreviewCredits = 25

// inboxPreviewJob is one inbox preview run. Its captures are pending on the
// first read of the job and done from the second on.
type inboxPreviewJob struct {
	runID     int
	email     string
	name      string
	clients   []string
	signature string // what makes a resubmission a replay
	day       string // UTC day of submission
	reads     int
	created   int64
	updated   int64
}

// processed reports whether the job's captures are done.
func (j *inboxPreviewJob) processed() bool { return j.reads >= 2 }

// json renders j; withPreviews adds each capture.
func (j *inboxPreviewJob) json(withPreviews bool) map[string]any {
	ready := 0
	if j.processed() {
		ready = len(j.clients)
	}
	out := map[string]any{
		"run_id": j.runID, "name": j.name, "node_id": j.email, "node_count": 1, "client_ids": j.clients,
		"is_processed": j.processed(), "total_previews_requested": len(j.clients), "total_previews_ready": ready,
		"total_previews_succeeded": ready, "total_previews_cached": 0, "total_previews_bounced": 0,
		"created_at": j.created, "updated_at": j.updated,
	}
	if withPreviews {
		previews := []map[string]any{}
		for _, id := range j.clients {
			c := inboxPreviewClients[slices.IndexFunc(inboxPreviewClients, func(c map[string]any) bool { return c["id"] == id })]
			status := "Pending"
			if j.processed() {
				status = "Complete"
			}
			base := "/v1/design_studio/emails/" + j.email + "/inbox_previews/" + strconv.Itoa(j.runID) + "/captures/" + id
			previews = append(previews, map[string]any{
				"client_id": id, "display_name": c["client"], "category": c["category"], "os": c["os"], "browser": c["browser"],
				"status": status, "cached": false, "error": nil,
				"screenshots": map[string]string{"default": base + "?variant=screenshot&key=default"},
				"thumbnail":   base + "?variant=thumbnail", "full_thumbnail": base + "?variant=full_thumbnail",
			})
		}
		out["previews"] = previews
	}
	return out
}

// appSubmitInboxPreview is POST /v1/design_studio/emails/{id}/inbox_previews:
// client_ids* (1 to 150 catalog ids), name, sample_data (at most 128 KB),
// lax_mode. Each client costs a credit, free ones first; too few credits is a
// 402. The same email, content and clients again on the same UTC day, or while
// the first run is still processing, hands back that run with replayed true and
// no charge.
func (s *Server) appSubmitInboxPreview(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	if k := unknownKey(body, "client_ids", "name", "sample_data", "lax_mode"); k != "" {
		x.fail(http.StatusBadRequest, invalid(k, "unknown field %s", k))
		return
	}
	raw, _ := body["client_ids"].([]any)
	if len(raw) < 1 || len(raw) > 150 {
		x.fail(http.StatusBadRequest, invalid("client_ids", "client_ids must list 1 to 150 client ids"))
		return
	}
	clients := make([]string, 0, len(raw))
	for _, v := range raw {
		id, _ := v.(string)
		if !slices.ContainsFunc(inboxPreviewClients, func(c map[string]any) bool { return c["id"] == id }) {
			x.fail(http.StatusBadRequest, invalid("client_ids", "unknown client id %q", id))
			return
		}
		clients = append(clients, id)
	}
	if size := jsonSize(body["sample_data"]); body["sample_data"] != nil && size > 128<<10 {
		x.fail(http.StatusBadRequest, tooLarge("sample_data", size, 128<<10))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.pathDesignEmail(x, false)
	if e == nil {
		return
	}
	d := s.state.designEmails()
	sig, _ := json.Marshal([]any{e.id, e.content, e.envelope, clients, body["sample_data"]})
	now := s.state.now().UTC()
	day := now.Format(time.DateOnly)
	for _, j := range d.jobs {
		if j.signature == string(sig) && (j.day == day || !j.processed()) {
			x.ok(map[string]any{"run_id": j.runID, "replayed": true})
			return
		}
	}
	if d.creditsLeft() < len(clients) {
		x.fail(http.StatusPaymentRequired, invalid("client_ids", "not enough inbox preview credits for %d previews", len(clients)))
		return
	}
	d.spent += len(clients)
	j := &inboxPreviewJob{runID: len(d.jobs) + 1, email: e.id, name: str(body, "name"), clients: clients, signature: string(sig), day: day, created: now.Unix(), updated: now.Unix()}
	d.jobs = append(d.jobs, j)
	x.ok(map[string]any{"run_id": j.runID, "replayed": false})
}

// creditsLeft is the free and paid credits not spent yet.
func (d *designEmailState) creditsLeft() int { return freeInboxPreviewCredits + d.credits - d.spent }

// pathInboxJob finds {run_id} of variant {id}, answering 404 otherwise.
func (s *Server) pathInboxJob(x *exchange) *inboxPreviewJob {
	e := s.pathDesignEmail(x, false)
	if e == nil {
		return nil
	}
	n, err := strconv.Atoi(x.params["run_id"])
	jobs := s.state.designEmails().jobs
	if err != nil || n < 1 || n > len(jobs) || jobs[n-1].email != e.id {
		x.fail(http.StatusNotFound, invalid("run_id", "inbox preview job %s not found", x.params["run_id"]))
		return nil
	}
	return jobs[n-1]
}

// appGetInboxPreviewJob is GET /v1/design_studio/emails/{id}/inbox_previews/{run_id}.
func (s *Server) appGetInboxPreviewJob(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	j := s.pathInboxJob(x)
	if j == nil {
		return
	}
	j.reads++
	if j.processed() {
		j.updated = s.state.unix()
	}
	x.ok(j.json(true))
}

// captureImage is the PNG every capture of the fake shows: one pixel.
var captureImage = []byte{
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
	0, 0, 0, 0x0d, 'I', 'D', 'A', 'T', 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0, 5, 0, 1, 0xff, 0x89, 0x99, 0x3d, 0x1d,
	0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
}

// appInboxPreviewCapture is GET
// /v1/design_studio/emails/{id}/inbox_previews/{run_id}/captures/{client_id}?variant=…&key=…:
// the capture's image bytes (image/png) once the job is processed; a capture
// still pending is a 409.
func (s *Server) appInboxPreviewCapture(x *exchange) {
	variant := x.query.Get("variant")
	switch variant {
	case "", "screenshot", "thumbnail", "full_thumbnail":
	default:
		x.fail(http.StatusBadRequest, invalid("variant", "variant must be screenshot, thumbnail or full_thumbnail"))
		return
	}
	if key := x.query.Get("key"); key != "" && key != "default" {
		x.fail(http.StatusNotFound, invalid("key", "no %s capture", key))
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	j := s.pathInboxJob(x)
	if j == nil {
		return
	}
	client := x.params["client_id"]
	if !slices.Contains(j.clients, client) {
		x.fail(http.StatusNotFound, invalid("client_id", "job %d has no capture for %s", j.runID, client))
		return
	}
	if !j.processed() {
		x.fail(http.StatusConflict, invalid("client_id", "the capture for %s is still pending", client))
		return
	}
	if variant == "" {
		variant = "screenshot"
	}
	x.status = http.StatusOK
	x.header.Set("Content-Type", "image/png")
	x.header.Set("Content-Disposition", `inline; filename="`+client+"-"+variant+`.png"`)
	x.out = captureImage
}

// appListInboxPreviewJobs is GET /v1/design_studio/inbox_previews/jobs: the
// jobs newest first, optionally of one email variant (node_id), cursor-paged
// (limit 1 to 200, 50 by default) with meta.pagination {limit, next_cursor}.
func (s *Server) appListInboxPreviewJobs(x *exchange) {
	limit := 50
	if v := x.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			x.fail(http.StatusBadRequest, invalid("limit", "limit must be between 1 and 200"))
			return
		}
		limit = n
	}
	const scope = "inbox_previews/jobs"
	var after int64 = 1 << 62
	if c := x.query.Get("cursor"); c != "" {
		n, ok := decodeCursor(c, scope)
		if !ok {
			x.fail(http.StatusBadRequest, invalid("cursor", "cursor is not one this list returned"))
			return
		}
		after = n
	}
	node := x.query.Get("node_id")
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	jobs := s.state.designEmails().jobs
	out := []map[string]any{}
	next := ""
	for i := len(jobs) - 1; i >= 0; i-- {
		j := jobs[i]
		if int64(j.runID) >= after || node != "" && j.email != node {
			continue
		}
		if len(out) == limit {
			next = encodeCursor(scope, int64(out[len(out)-1]["run_id"].(int)))
			break
		}
		out = append(out, j.json(false))
	}
	pagination := map[string]any{"limit": limit}
	if next != "" {
		pagination["next_cursor"] = next
	}
	x.ok(map[string]any{"preview_jobs": out, "meta": map[string]any{"pagination": pagination}})
}

// appInboxPreviewClients is GET /v1/design_studio/inbox_previews/clients.
func (s *Server) appInboxPreviewClients(x *exchange) {
	x.ok(map[string]any{"clients": inboxPreviewClients})
}

// appInboxPreviewCredits is GET /v1/design_studio/inbox_previews/credits: a free
// grant spent first, then a paid one, nested in a list as Customer.io nests
// them.
func (s *Server) appInboxPreviewCredits(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	d := s.state.designEmails()
	free := max(freeInboxPreviewCredits-d.spent, 0)
	paid := d.credits - max(d.spent-freeInboxPreviewCredits, 0)
	x.ok(map[string]any{"credits": [][]map[string]any{{
		{"tier": "free", "credits_original": freeInboxPreviewCredits, "credits_remaining": free, "expires_at": nil},
		{"tier": "paid", "credits_original": d.credits, "credits_remaining": paid, "expires_at": nil},
	}}})
}
