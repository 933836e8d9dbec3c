package app

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// Inbox previews capture how one email variant looks in real email clients and
// devices. Each capture uses inbox preview credits (GetInboxPreviewCredits); the
// catalog of clients is ListInboxPreviewClients.

// Limits of a SubmitInboxPreviewRequest.
const (
	MaxInboxPreviewClients    = 150
	MaxInboxPreviewSampleData = 128 << 10
)

// SubmitInboxPreviewRequest asks for inbox previews of an email variant.
type SubmitInboxPreviewRequest struct {
	// ClientIDs are the clients and devices to capture, 1 to 150 ids from
	// ListInboxPreviewClients; required.
	ClientIDs []string `json:"client_ids"`
	// Name labels the job in the preview history.
	Name string `json:"name,omitempty"`
	// SampleData is the data the email's liquid is evaluated against, at most
	// 128 KB as JSON.
	SampleData map[string]any `json:"sample_data,omitempty"`
	// LaxMode renders undefined variables as "" instead of failing.
	LaxMode bool `json:"lax_mode,omitempty"`
}

// InboxPreviewSubmission is the job a submission started or found.
type InboxPreviewSubmission struct {
	RunID int `json:"run_id"`
	// Replayed is true when an identical submission (same email, content and
	// clients) on the same UTC day, or one still running, was handed back
	// instead of starting, and charging, a new job.
	Replayed bool `json:"replayed"`
}

// SubmitInboxPreview starts inbox previews of an email variant (POST
// /v1/design_studio/emails/{id}/inbox_previews) and returns the job's run id;
// follow it with GetInboxPreviewJob, then fetch each capture with
// GetInboxPreviewCapture.
//
// A submission charges inbox preview credits. Customer.io replays an identical
// submission made the same UTC day (or while the first still runs) without a
// second charge, but a repeat after the content changed, or on the next day, is
// charged again, so the call is not repeated after a failure Customer.io may
// have acted on unless it passes AllowRepeat (or the strategy is built with
// retry.RetryNonIdempotent). No client id, more than 150, a blank one, or sample
// data over 128 KB (or holding NaN or infinity), is a
// *customerio.ValidationError.
func (s *DesignEmailsService) SubmitInboxPreview(ctx context.Context, id string, req SubmitInboxPreviewRequest, opts ...CallOption) (*InboxPreviewSubmission, error) {
	p := newProblems("app.DesignEmails.SubmitInboxPreview")
	path := designEmailPath(p, id, "inbox_previews")
	switch n := len(req.ClientIDs); {
	case n == 0:
		p.add("client_ids", "must list at least one client id")
	case n > MaxInboxPreviewClients:
		p.add("client_ids", "must list at most %d client ids, got %d", MaxInboxPreviewClients, n)
	}
	p.firstBlank("client_ids", req.ClientIDs)
	body := req
	body.SampleData = p.data("sample_data", req.SampleData)
	if body.SampleData != nil {
		if b, err := json.Marshal(body.SampleData); err == nil && len(b) > MaxInboxPreviewSampleData {
			p.add("sample_data", "is %d bytes as JSON; Customer.io accepts at most %d", len(b), MaxInboxPreviewSampleData)
		}
	}
	out, err := fetch[InboxPreviewSubmission](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Body: body, Idempotent: repeatable(opts)}, "")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// InboxPreviewJob is one inbox preview job: its totals and, when read with
// GetInboxPreviewJob, each capture.
type InboxPreviewJob struct {
	RunID int    `json:"run_id"`
	Name  string `json:"name"`
	// NodeID is the email variant previewed and NodeCount how many variants the
	// job covers; the preview history carries them.
	NodeID    string   `json:"node_id"`
	NodeCount int      `json:"node_count"`
	ClientIDs []string `json:"client_ids"`
	// IsProcessed is true once every capture has finished.
	IsProcessed            bool           `json:"is_processed"`
	TotalPreviewsRequested int            `json:"total_previews_requested"`
	TotalPreviewsReady     int            `json:"total_previews_ready"`
	TotalPreviewsSucceeded int            `json:"total_previews_succeeded"`
	TotalPreviewsCached    int            `json:"total_previews_cached"`
	TotalPreviewsBounced   int            `json:"total_previews_bounced"`
	Previews               []InboxPreview `json:"previews"`
	CreatedAt              time.Time      `json:"created_at"`
	UpdatedAt              time.Time      `json:"updated_at"`
}

// UnmarshalJSON reads created_at and updated_at as Unix seconds.
func (j *InboxPreviewJob) UnmarshalJSON(b []byte) error {
	type fields InboxPreviewJob
	var w struct {
		fields
		CreatedAt unixTime `json:"created_at"`
		UpdatedAt unixTime `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*j = InboxPreviewJob(w.fields)
	j.CreatedAt = time.Time(w.CreatedAt)
	j.UpdatedAt = time.Time(w.UpdatedAt)
	return nil
}

// InboxPreview is one capture of a job: one client on one device.
type InboxPreview struct {
	ClientID    string `json:"client_id"`
	DisplayName string `json:"display_name"`
	// Category is the kind of client, such as "Mobile".
	Category string `json:"category"`
	OS       string `json:"os"`
	Browser  string `json:"browser"`
	// Status is the capture's state, such as "Pending".
	Status string `json:"status"`
	// Cached is true when the capture was reused rather than taken anew.
	Cached bool `json:"cached"`
	// Screenshots maps each capture key ("default", and for some devices extra
	// ones such as an image-blocking render) to its path; Thumbnail and
	// FullThumbnail are the thumbnails' paths.
	Screenshots   map[string]string  `json:"screenshots"`
	Thumbnail     string             `json:"thumbnail"`
	FullThumbnail string             `json:"full_thumbnail"`
	Error         *InboxPreviewError `json:"error"`
}

// InboxPreviewError is why a capture failed.
type InboxPreviewError struct {
	// Type is the kind of failure, such as "bounced".
	Type    string `json:"type"`
	Message string `json:"message"`
}

// inboxPreviewPath is /v1/design_studio/emails/{id}/inbox_previews/{run_id}[/…].
func inboxPreviewPath(p *problems, id string, runID int, what ...string) string {
	p.id("run_id", runID)
	return designEmailPath(p, id, append([]string{"inbox_previews", strconv.Itoa(runID)}, what...)...)
}

// GetInboxPreviewJob returns an inbox preview job with each capture's status and
// settings (GET /v1/design_studio/emails/{id}/inbox_previews/{run_id}). A run id
// below 1 is a *customerio.ValidationError.
func (s *DesignEmailsService) GetInboxPreviewJob(ctx context.Context, id string, runID int) (*InboxPreviewJob, error) {
	p := newProblems("app.DesignEmails.GetInboxPreviewJob")
	path := inboxPreviewPath(p, id, runID)
	out, err := fetch[InboxPreviewJob](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// The images of a capture.
const (
	CaptureScreenshot    = "screenshot"
	CaptureThumbnail     = "thumbnail"
	CaptureFullThumbnail = "full_thumbnail"
)

// CaptureOptions picks the image of a capture.
type CaptureOptions struct {
	// Variant is CaptureScreenshot, CaptureThumbnail or CaptureFullThumbnail;
	// empty leaves Customer.io's default.
	Variant string
	// Key picks one of a screenshot's captures, a key of
	// InboxPreview.Screenshots; most devices have only "default". It applies to
	// the screenshot variant only.
	Key string
}

// Capture is one image of an inbox preview, as Customer.io sends it.
type Capture struct {
	// ContentType is the image's media type, which is not always image/png.
	ContentType string
	// Filename is the name Customer.io suggests (Content-Disposition), if any.
	Filename string
	Data     []byte
}

// GetInboxPreviewCapture returns one image of an inbox preview job (GET
// /v1/design_studio/emails/{id}/inbox_previews/{run_id}/captures/{client_id}),
// proxied from the capture vendor: its bytes as sent, not decoded, with their
// content type. clientID is one of the job's client ids. The image is read in
// full and, like every answer, is capped at customerio.MaxResponseBytes.
//
// A run id below 1, a blank client id, an unknown variant, or a Key with a
// variant other than screenshot, is a *customerio.ValidationError.
func (s *DesignEmailsService) GetInboxPreviewCapture(ctx context.Context, id string, runID int, clientID string, opts CaptureOptions) (*Capture, error) {
	p := newProblems("app.DesignEmails.GetInboxPreviewCapture")
	p.blank("client_id", clientID)
	path := inboxPreviewPath(p, id, runID, "captures", clientID)
	switch opts.Variant {
	case "", CaptureScreenshot, CaptureThumbnail, CaptureFullThumbnail:
	default:
		p.add("variant", "must be %q, %q or %q, not %q", CaptureScreenshot, CaptureThumbnail, CaptureFullThumbnail, opts.Variant)
	}
	if opts.Key != "" && opts.Variant != "" && opts.Variant != CaptureScreenshot {
		p.add("key", "applies to the %q variant only", CaptureScreenshot)
	}
	q := params{}
	q.str("variant", opts.Variant)
	q.str("key", opts.Key)
	if err := p.err(); err != nil {
		return nil, err
	}
	resp, err := s.api.Do(ctx, &transport.Request{Op: p.op, Method: http.MethodGet, Path: path, Query: q.values()})
	if err != nil {
		return nil, err
	}
	return &Capture{ContentType: resp.Header.Get("Content-Type"), Filename: attachmentName(resp.Header.Get("Content-Disposition")), Data: resp.Body}, nil
}

// InboxPreviewJobsOptions selects a page of the inbox preview history.
type InboxPreviewJobsOptions struct {
	// NodeID, when set, keeps the jobs of one email variant.
	NodeID string
	// Cursor is the page to return: empty for the first, then a ListPage's Next.
	Cursor string
	// Limit caps the jobs per page, 1 to 200; nil leaves Customer.io's default
	// (50).
	Limit *int
}

// maxInboxPreviewJobsLimit is the largest page of the preview history.
const maxInboxPreviewJobsLimit = 200

// ListInboxPreviewJobs returns one page of the inbox preview history, across the
// workspace or for one email variant (GET
// /v1/design_studio/inbox_previews/jobs); Next is the cursor of the following
// page. Only jobs whose screenshots can still be viewed are listed. A limit
// outside 1 to 200 is a *customerio.ValidationError.
func (s *DesignEmailsService) ListInboxPreviewJobs(ctx context.Context, opts InboxPreviewJobsOptions) (ListPage[InboxPreviewJob], error) {
	p := newProblems("app.DesignEmails.ListInboxPreviewJobs")
	q := params{}
	q.str("node_id", opts.NodeID)
	q.str("cursor", opts.Cursor)
	if opts.Limit != nil && (*opts.Limit < 1 || *opts.Limit > maxInboxPreviewJobsLimit) {
		p.add("limit", "must be between 1 and %d, got %d", maxInboxPreviewJobsLimit, *opts.Limit)
	}
	q.intPtr("limit", opts.Limit)
	body, err := fetchBody(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/design_studio/inbox_previews/jobs", Query: q.values()})
	if err != nil {
		return ListPage[InboxPreviewJob]{}, err
	}
	var answer struct {
		Jobs []InboxPreviewJob `json:"preview_jobs"`
		Meta struct {
			Pagination struct {
				NextCursor looseString `json:"next_cursor"`
			} `json:"pagination"`
		} `json:"meta"`
	}
	if err := unmarshal(p.op, body, body, &answer); err != nil {
		return ListPage[InboxPreviewJob]{}, err
	}
	return ListPage[InboxPreviewJob]{Items: answer.Jobs, Next: string(answer.Meta.Pagination.NextCursor)}, nil
}

// AllInboxPreviewJobs walks every page of ListInboxPreviewJobs, from
// opts.Cursor on (GET /v1/design_studio/inbox_previews/jobs).
func (s *DesignEmailsService) AllInboxPreviewJobs(ctx context.Context, opts InboxPreviewJobsOptions) iter.Seq2[InboxPreviewJob, error] {
	return walk(ctx, opts.Cursor, func(ctx context.Context, cursor string) (ListPage[InboxPreviewJob], error) {
		o := opts
		o.Cursor = cursor
		return s.ListInboxPreviewJobs(ctx, o)
	})
}

// InboxPreviewClient is one email client and device inbox previews can capture.
type InboxPreviewClient struct {
	// ID is what SubmitInboxPreviewRequest.ClientIDs takes.
	ID       string `json:"id"`
	Client   string `json:"client"`
	Category string `json:"category"`
	OS       string `json:"os"`
	Browser  string `json:"browser"`
}

// ListInboxPreviewClients returns the catalog of email clients and devices
// inbox previews can capture (GET /v1/design_studio/inbox_previews/clients).
func (s *DesignEmailsService) ListInboxPreviewClients(ctx context.Context) ([]InboxPreviewClient, error) {
	p := newProblems("app.DesignEmails.ListInboxPreviewClients")
	return fetch[[]InboxPreviewClient](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/design_studio/inbox_previews/clients"}, "clients")
}

// InboxPreviewCredit is one grant of inbox preview credits.
type InboxPreviewCredit struct {
	// Tier is the grant's kind, such as "free" or "paid".
	Tier             string `json:"tier"`
	CreditsOriginal  int    `json:"credits_original"`
	CreditsRemaining int    `json:"credits_remaining"`
	// ExpiresAt is when the grant lapses; zero when it does not.
	ExpiresAt time.Time `json:"expires_at"`
}

// UnmarshalJSON reads expires_at as Unix seconds, null as no expiry.
func (c *InboxPreviewCredit) UnmarshalJSON(b []byte) error {
	type fields InboxPreviewCredit
	var w struct {
		fields
		ExpiresAt unixTime `json:"expires_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = InboxPreviewCredit(w.fields)
	c.ExpiresAt = time.Time(w.ExpiresAt)
	return nil
}

// creditList reads Customer.io's credits, a list of grants that its answer
// nests in a further list, as one flat list; a flat list reads too.
type creditList []InboxPreviewCredit

func (l *creditList) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := creditList{}
	for _, r := range raw {
		if t := bytes.TrimSpace(r); len(t) > 0 && t[0] == '[' {
			var group []InboxPreviewCredit
			if err := json.Unmarshal(r, &group); err != nil {
				return err
			}
			out = append(out, group...)
			continue
		}
		var c InboxPreviewCredit
		if err := json.Unmarshal(r, &c); err != nil {
			return err
		}
		out = append(out, c)
	}
	*l = out
	return nil
}

// attachmentName is the filename a Content-Disposition header suggests, "" when
// it names none or does not parse.
func attachmentName(disposition string) string {
	if disposition == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(disposition)
	if err != nil {
		return ""
	}
	return params["filename"]
}

// GetInboxPreviewCredits returns the account's inbox preview credit grants (GET
// /v1/design_studio/inbox_previews/credits); the credits remaining across them
// are how many captures the account can still take.
func (s *DesignEmailsService) GetInboxPreviewCredits(ctx context.Context) ([]InboxPreviewCredit, error) {
	p := newProblems("app.DesignEmails.GetInboxPreviewCredits")
	l, err := fetch[creditList](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/design_studio/inbox_previews/credits"}, "credits")
	return []InboxPreviewCredit(l), err
}
