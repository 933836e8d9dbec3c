package app

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// BroadcastsService triggers API-triggered broadcasts and follows what became of
// each trigger, reads broadcasts, their actions, deliveries and metrics, and
// edits the content of their actions. A broadcast, trigger or action id below 1,
// or a blank language, is a *customerio.ValidationError and nothing is sent.
type BroadcastsService struct{ api *transport.Client }

// Limits Customer.io sets on a broadcast trigger, checked before sending.
const (
	// MaxTriggerRecipients caps Emails, IDs and PerUserData (each).
	MaxTriggerRecipients = 10_000
	// MaxTriggerDataBytes caps the encoded Data object.
	MaxTriggerDataBytes = 50_000
	// MaxTriggerBytes caps the whole request body.
	MaxTriggerBytes = 25_000_000
)

// TriggerRequest says whom a broadcast goes to and what data its Liquid sees. Set
// at most one audience: Recipients, Emails, IDs, PerUserData or DataFileURL; with
// none, the broadcast goes to the audience set up in Customer.io.
type TriggerRequest struct {
	// Data is exposed to the broadcast's Liquid as {{trigger.…}} for every
	// recipient; time.Time values inside become Unix seconds. At most
	// MaxTriggerDataBytes encoded.
	Data map[string]any `json:"data,omitempty"`
	// Recipients picks the audience with a filter.
	Recipients Filter `json:"recipients,omitzero"`
	// Emails lists the recipients by email address.
	Emails []string `json:"emails,omitempty"`
	// IDs lists the recipients by id.
	IDs []string `json:"ids,omitempty"`
	// PerUserData lists the recipients, each with data of their own.
	PerUserData []UserData `json:"per_user_data,omitempty"`
	// DataFileURL points at a file of recipients with their data, one JSON object
	// per line.
	DataFileURL string `json:"data_file_url,omitempty"`
	// EmailAddDuplicates sends to every person sharing an email address in Emails,
	// rather than to one of them.
	EmailAddDuplicates bool `json:"email_add_duplicates,omitempty"`
	// EmailIgnoreMissing skips addresses in Emails that match nobody, rather than
	// creating people for them.
	EmailIgnoreMissing bool `json:"email_ignore_missing,omitempty"`
	// IDIgnoreMissing skips ids in IDs that match nobody, rather than creating
	// people for them.
	IDIgnoreMissing bool `json:"id_ignore_missing,omitempty"`
}

// UserData is one recipient of a broadcast with data of their own: exactly one of
// ID and Email is set.
type UserData struct {
	ID    string `json:"id,omitempty"`
	Email string `json:"email,omitempty"`
	// Data is exposed to the broadcast's Liquid for this recipient.
	Data map[string]any `json:"data,omitempty"`
}

// TriggerResponse is Customer.io's receipt for a broadcast trigger.
type TriggerResponse struct {
	// ID identifies the trigger for GetTrigger and ListTriggerErrors.
	ID int `json:"id"`
}

// Trigger is the state of one broadcast trigger.
type Trigger struct {
	ID          int       `json:"id"`
	BroadcastID int       `json:"broadcast_id"`
	CreatedAt   time.Time `json:"created_at"`
	// ProcessedAt is when Customer.io finished processing the trigger; zero while
	// it is still queued.
	ProcessedAt time.Time `json:"processed_at"`
}

// UnmarshalJSON reads created_at and processed_at as Unix seconds.
func (t *Trigger) UnmarshalJSON(b []byte) error {
	type fields Trigger
	var w struct {
		fields
		CreatedAt   unixTime `json:"created_at"`
		ProcessedAt unixTime `json:"processed_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = Trigger(w.fields)
	t.CreatedAt = time.Time(w.CreatedAt)
	t.ProcessedAt = time.Time(w.ProcessedAt)
	return nil
}

// Trigger sends broadcast broadcastID to the audience req picks (POST
// /v1/campaigns/{broadcast_id}/triggers) and returns the trigger's id. Customer.io
// accepts one trigger per broadcast every 10 seconds and queues at most 5.
//
// Several audiences, more than MaxTriggerRecipients entries in a list, a blank
// entry, a PerUserData entry without exactly one of ID and Email, Data over
// MaxTriggerDataBytes, NaN or infinity in any data, or a body over
// MaxTriggerBytes is a *customerio.ValidationError and nothing is sent.
//
// A trigger is not idempotent: a repeat sends the broadcast again, so retry
// strategies repeat it only when Customer.io cannot have acted on it, or with
// retry.RetryNonIdempotent.
func (s *BroadcastsService) Trigger(ctx context.Context, broadcastID int, req TriggerRequest) (*TriggerResponse, error) {
	p := newProblems("app.Broadcasts.Trigger")
	p.id("broadcast_id", broadcastID)
	body := req.prepare(p)
	path := transport.Path("/v1/campaigns", strconv.Itoa(broadcastID), "triggers")
	out, err := fetch[TriggerResponse](ctx, s.api, p, &transport.Request{
		Method:       http.MethodPost,
		Path:         path,
		Body:         body,
		MaxBodyBytes: MaxTriggerBytes,
	}, "")
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// prepare checks r and returns it ready to encode.
func (r TriggerRequest) prepare(p *problems) TriggerRequest {
	if r.DataFileURL != "" {
		p.httpURL("data_file_url", r.DataFileURL)
	}
	audiences := 0
	for _, set := range [...]bool{!r.Recipients.IsZero(), len(r.Emails) > 0, len(r.IDs) > 0, len(r.PerUserData) > 0, r.DataFileURL != ""} {
		if set {
			audiences++
		}
	}
	if audiences > 1 {
		p.add("", "sets %d audiences; set at most one of recipients, emails, ids, per_user_data and data_file_url", audiences)
	}
	if !r.Recipients.IsZero() {
		r.Recipients = r.Recipients.prepare(p, "recipients")
	}
	checkList(p, "emails", r.Emails)
	checkList(p, "ids", r.IDs)
	if n := len(r.PerUserData); n > MaxTriggerRecipients {
		p.add("per_user_data", "lists %d recipients; Customer.io accepts at most %d", n, MaxTriggerRecipients)
	}
	if r.PerUserData != nil {
		users := make([]UserData, len(r.PerUserData))
		reported := false
		for i, u := range r.PerUserData {
			field := "per_user_data[" + strconv.Itoa(i) + "]"
			if (u.ID == "") == (u.Email == "") && !reported {
				// One entry is enough to point at; a long list would drown the error.
				p.add(field, "must set exactly one of id and email")
				reported = true
			}
			u.Data = p.data(field+".data", u.Data)
			users[i] = u
		}
		r.PerUserData = users
	}
	r.Data = p.data("data", r.Data)
	if r.Data != nil && p.err() == nil {
		if data, err := transport.Encode(p.op, r.Data); err != nil {
			p.merge(err)
		} else if len(data) > MaxTriggerDataBytes {
			p.add("data", "is %d bytes encoded; Customer.io accepts at most %d", len(data), MaxTriggerDataBytes)
		}
	}
	return r
}

// checkList records an over-long list of recipients, and its first blank entry.
func checkList(p *problems, field string, list []string) {
	if len(list) > MaxTriggerRecipients {
		p.add(field, "lists %d recipients; Customer.io accepts at most %d", len(list), MaxTriggerRecipients)
	}
	p.firstBlank(field, list)
}

// triggerPath is /v1/campaigns/{broadcast_id}/triggers/{trigger_id}[/{what}];
// broadcasts are campaigns internally.
func triggerPath(p *problems, broadcastID, triggerID int, what ...string) string {
	p.id("broadcast_id", broadcastID)
	p.id("trigger_id", triggerID)
	segs := append([]string{strconv.Itoa(broadcastID), "triggers", strconv.Itoa(triggerID)}, what...)
	return transport.Path("/v1/campaigns", segs...)
}

// GetTrigger returns the state of one trigger of a broadcast (GET
// /v1/campaigns/{broadcast_id}/triggers/{trigger_id}).
func (s *BroadcastsService) GetTrigger(ctx context.Context, broadcastID, triggerID int) (*Trigger, error) {
	p := newProblems("app.Broadcasts.GetTrigger")
	path := triggerPath(p, broadcastID, triggerID)
	t, err := fetch[Trigger](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "")
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// ListTriggerErrors returns one page of the problems Customer.io found with a
// trigger's audience or data file, each reading "line <n>: <text>" (GET
// /v1/campaigns/{broadcast_id}/triggers/{trigger_id}/errors). This list pages by
// integer offset: opts.Start, when set, is a non-negative number, and Next is the
// offset of the following page, empty after the last one.
func (s *BroadcastsService) ListTriggerErrors(ctx context.Context, broadcastID, triggerID int, opts ListOptions) (ListPage[string], error) {
	p := newProblems("app.Broadcasts.ListTriggerErrors")
	path := triggerPath(p, broadcastID, triggerID, "errors")
	if opts.Start != "" {
		if n, err := strconv.Atoi(opts.Start); err != nil || n < 0 {
			p.add("start", "must be a non-negative offset, not %q", opts.Start)
		}
	}
	q := params{}
	opts.query(p, q)
	page, err := fetchPage[string](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "errors")
	// An offset of 0, or any offset after an empty page, cannot lead further.
	if page.Next == "0" || len(page.Items) == 0 {
		page.Next = ""
	}
	return page, err
}

// AllTriggerErrors walks every page of ListTriggerErrors, from opts.Start on
// (GET /v1/campaigns/{broadcast_id}/triggers/{trigger_id}/errors).
func (s *BroadcastsService) AllTriggerErrors(ctx context.Context, broadcastID, triggerID int, opts ListOptions) iter.Seq2[string, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[string], error) {
		o := opts
		o.Start = start
		return s.ListTriggerErrors(ctx, broadcastID, triggerID, o)
	})
}
