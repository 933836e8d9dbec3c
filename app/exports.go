package app

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// ExportsService starts exports of people or deliveries and follows them to
// the file they produce. An export is a background job: a create call answers
// at once with an Export in ExportStatusPending, Customer.io builds the file
// (a CSV) and the status moves to ExportStatusDone or ExportStatusFailed; a
// done export hands out a signed download link that expires after 15 minutes.
// Wait does the whole follow-up. An export id below 1 is a
// *customerio.ValidationError and nothing is sent.
type ExportsService struct{ api *transport.Client }

// The statuses of an Export.
const (
	// ExportStatusPending is an export Customer.io is still building.
	ExportStatusPending = "pending"
	// ExportStatusDone is an export whose file is ready to download.
	ExportStatusDone = "done"
	// ExportStatusFailed is an export that produced no file.
	ExportStatusFailed = "failed"
)

// Export describes one export job.
type Export struct {
	ID int `json:"id"`
	// UserID and UserEmail name the team member who started the export; an
	// export started with an App API key has user id 0.
	UserID    int    `json:"user_id"`
	UserEmail string `json:"user_email"`
	// Total is the number of rows in the export.
	Total         int    `json:"total"`
	DeduplicateID string `json:"deduplicate_id"`
	// Type is "customers" or "deliveries".
	Type string `json:"type"`
	// Failed reports that the export failed; Status is then
	// ExportStatusFailed.
	Failed bool `json:"failed"`
	// Status is ExportStatusPending, ExportStatusDone or ExportStatusFailed.
	Status string `json:"status"`
	// Description says what the export holds, as Customer.io words it.
	Description string `json:"description"`
	// Downloads counts the download links handed out so far.
	Downloads int       `json:"downloads"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// UnmarshalJSON reads created_at and updated_at as Unix seconds.
func (e *Export) UnmarshalJSON(b []byte) error {
	type fields Export
	var w struct {
		fields
		CreatedAt unixTime `json:"created_at"`
		UpdatedAt unixTime `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = Export(w.fields)
	e.CreatedAt = time.Time(w.CreatedAt)
	e.UpdatedAt = time.Time(w.UpdatedAt)
	return nil
}

// ExportCustomersRequest says which people an export holds and which of their
// attributes become columns.
type ExportCustomersRequest struct {
	// Filters picks the people, built as for CustomersService.Search; required.
	Filters Filter `json:"filters"`
	// Attributes adds these attributes of each person as extra columns.
	Attributes []string `json:"attributes,omitempty"`
}

// ExportDeliveriesRequest says which deliveries an export holds. Set exactly
// one of NewsletterID, CampaignID, TransactionalMessageID and ActionID.
type ExportDeliveriesRequest struct {
	// NewsletterID exports the deliveries of a newsletter.
	NewsletterID int
	// CampaignID exports the deliveries of a campaign.
	CampaignID int
	// TransactionalMessageID exports the deliveries of a transactional
	// message.
	TransactionalMessageID int
	// ActionID exports the deliveries of one campaign action.
	ActionID int
	// Start and End keep deliveries created in this window; the zero time
	// leaves a side open. Without either, Customer.io exports the last 6
	// months, and a window over 12 months is cut to the 12 months before End.
	Start, End time.Time
	// Attributes adds these attributes of each recipient as extra columns
	// (not event or trigger properties).
	Attributes []string
	// Metric keeps deliveries that reached this metric, as in
	// DeliveriesOptions.Metric.
	Metric customerio.Metric
	// Drafts, when true, exports drafts as well as sent messages; nil leaves
	// Customer.io's default (false).
	Drafts *bool
	// TemplateID keeps the deliveries of one message template (content) of
	// the newsletter or campaign; 0 keeps all.
	TemplateID int
}

// deliveriesExportBody is ExportDeliveriesRequest on the wire.
type deliveriesExportBody struct {
	NewsletterID           int               `json:"newsletter_id,omitempty"`
	CampaignID             int               `json:"campaign_id,omitempty"`
	TransactionalMessageID int               `json:"transactional_message_id,omitempty"`
	ActionID               int               `json:"action_id,omitempty"`
	Start                  int64             `json:"start,omitempty"`
	End                    int64             `json:"end,omitempty"`
	Attributes             []string          `json:"attributes,omitempty"`
	Metric                 customerio.Metric `json:"metric,omitempty"`
	Drafts                 *bool             `json:"drafts,omitempty"`
	TemplateID             int               `json:"template_id,omitempty"`
}

// prepare checks r and returns its wire form.
func (r ExportDeliveriesRequest) prepare(p *problems) deliveriesExportBody {
	sources := 0
	for _, src := range []struct {
		field string
		id    int
	}{
		{"newsletter_id", r.NewsletterID}, {"campaign_id", r.CampaignID},
		{"transactional_message_id", r.TransactionalMessageID}, {"action_id", r.ActionID},
	} {
		switch {
		case src.id < 0:
			p.add(src.field, "must be a positive id, not %d", src.id)
		case src.id > 0:
			sources++
		}
	}
	if sources != 1 {
		p.add("", "sets %d sources; set exactly one of newsletter_id, campaign_id, transactional_message_id and action_id", sources)
	}
	if r.Metric != "" && !slices.Contains(deliveryMetrics, r.Metric) {
		p.add("metric", "must be one of: attempted sent delivered opened clicked converted bounced spammed unsubscribed dropped failed undeliverable")
	}
	if r.TemplateID < 0 {
		p.add("template_id", "must be a positive id, not %d", r.TemplateID)
	}
	if !r.Start.IsZero() && !r.End.IsZero() && r.End.Before(r.Start) {
		p.add("end", "must not be before start")
	}
	p.firstBlank("attributes", r.Attributes)
	return deliveriesExportBody{
		NewsletterID: r.NewsletterID, CampaignID: r.CampaignID,
		TransactionalMessageID: r.TransactionalMessageID, ActionID: r.ActionID,
		Start: unixSeconds(r.Start), End: unixSeconds(r.End),
		Attributes: r.Attributes, Metric: r.Metric, Drafts: r.Drafts, TemplateID: r.TemplateID,
	}
}

// exportPath is /v1/exports/{id}[/{what}].
func exportPath(p *problems, id int, what ...string) string {
	p.id("export_id", id)
	return transport.Path("/v1/exports", append([]string{strconv.Itoa(id)}, what...)...)
}

// fetchExport sends req and decodes the export under "export".
func (s *ExportsService) fetchExport(ctx context.Context, p *problems, req *transport.Request) (*Export, error) {
	e, err := fetch[Export](ctx, s.api, p, req, "export")
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// CreateCustomersExport starts an export of the people req.Filters matches
// (POST /v1/exports/customers, body {"filters": …, "attributes": […]}) and
// returns it, still pending; follow it with Wait. A zero or malformed filter,
// or a blank attribute, is a *customerio.ValidationError.
//
// Creating an export is not idempotent: a repeat can start a second, identical
// export. That costs only a duplicate file, so a caller that prefers one to a
// failed call passes AllowRepeat; otherwise the request is repeated only when
// Customer.io cannot have received it.
func (s *ExportsService) CreateCustomersExport(ctx context.Context, req ExportCustomersRequest, opts ...CallOption) (*Export, error) {
	p := newProblems("app.Exports.CreateCustomersExport")
	req.Filters = req.Filters.prepare(p, "filters")
	p.firstBlank("attributes", req.Attributes)
	return s.fetchExport(ctx, p, &transport.Request{
		Method: http.MethodPost, Path: "/v1/exports/customers", Body: req, Idempotent: repeatable(opts),
	})
}

// CreateDeliveriesExport starts an export of the deliveries of one newsletter,
// campaign, transactional message or action (POST /v1/exports/deliveries) and
// returns it, still pending; follow it with Wait. No source or several, a
// negative id, an unknown metric, End before Start or a blank attribute is a
// *customerio.ValidationError. It is repeated after an ambiguous failure only
// with AllowRepeat, as CreateCustomersExport is.
func (s *ExportsService) CreateDeliveriesExport(ctx context.Context, req ExportDeliveriesRequest, opts ...CallOption) (*Export, error) {
	p := newProblems("app.Exports.CreateDeliveriesExport")
	body := req.prepare(p)
	return s.fetchExport(ctx, p, &transport.Request{
		Method: http.MethodPost, Path: "/v1/exports/deliveries", Body: body, Idempotent: repeatable(opts),
	})
}

// List returns every export of the workspace (GET /v1/exports).
func (s *ExportsService) List(ctx context.Context) ([]Export, error) {
	p := newProblems("app.Exports.List")
	return fetch[[]Export](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/exports"}, "exports")
}

// Get returns one export, with its current status (GET
// /v1/exports/{export_id}).
func (s *ExportsService) Get(ctx context.Context, exportID int) (*Export, error) {
	p := newProblems("app.Exports.Get")
	path := exportPath(p, exportID)
	return s.fetchExport(ctx, p, &transport.Request{Method: http.MethodGet, Path: path})
}

// GetDownloadURL returns a signed link to a done export's file (GET
// /v1/exports/{export_id}/download, answer {"url": …}). The link needs no
// credentials and expires after 15 minutes; ask again for a fresh one.
func (s *ExportsService) GetDownloadURL(ctx context.Context, exportID int) (string, error) {
	p := newProblems("app.Exports.GetDownloadURL")
	path := exportPath(p, exportID, "download")
	body, err := fetchBody(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path})
	if err != nil {
		return "", err
	}
	var answer struct {
		URL string `json:"url"`
	}
	if err := unmarshal(p.op, body, body, &answer); err != nil {
		return "", err
	}
	if answer.URL == "" {
		return "", &customerio.DecodeError{Op: p.op, Body: body, Err: errNoURL}
	}
	return answer.URL, nil
}
