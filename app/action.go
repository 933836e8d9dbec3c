package app

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// Action is one step ("tile") of a campaign or broadcast workflow: a message, a
// webhook, an attribute change and so on. Campaign and broadcast actions have
// the same shape; the id of the workflow that does not own the action is 0.
type Action struct {
	ID          int `json:"id"`
	CampaignID  int `json:"campaign_id"`
	BroadcastID int `json:"broadcast_id"`
	// ParentActionID is the action this one is a variant of (an A/B test side
	// or a translation); 0 for a top-level action.
	ParentActionID int `json:"parent_action_id"`
	// MultiLanguageBranchActionID is shared by every language variant of one
	// multi-language message; pass it to the action metrics routes for the
	// total of all variants and a breakdown per language.
	MultiLanguageBranchActionID int    `json:"multi_language_branch_action_id"`
	DeduplicateID               string `json:"deduplicate_id"`
	Name                        string `json:"name"`
	// Type is the channel or kind of step, such as "email", "webhook",
	// "twilio", "push" or "in_app".
	Type string `json:"type"`
	// SendingState is "automatic" (sent as soon as ready), "draft" (queued
	// for review) or "off".
	SendingState string `json:"sending_state"`
	// Language is the language tag of a translation; empty for the default.
	Language string `json:"language"`
	Layout   string `json:"layout"`
	Subject  string `json:"subject"`
	Body     string `json:"body"`
	BodyAMP  string `json:"body_amp"`
	// PreheaderText is the preview text shown after the subject.
	PreheaderText string `json:"preheader_text"`
	From          string `json:"from"`
	// FromID and ReplyToID are sender identities.
	FromID    int    `json:"from_id"`
	ReplyTo   string `json:"reply_to"`
	ReplyToID int    `json:"reply_to_id"`
	Recipient string `json:"recipient"`
	CC        string `json:"cc"`
	BCC       string `json:"bcc"`
	FakeBCC   bool   `json:"fake_bcc"`
	// Preprocessor names the CSS pre-processor, unless pre-processing is off.
	Preprocessor string `json:"preprocessor"`
	// Headers are the custom email headers, read from the JSON string or
	// list Customer.io sends.
	Headers EmailHeaders `json:"headers"`
	Created time.Time    `json:"created"`
	Updated time.Time    `json:"updated"`
}

// UnmarshalJSON reads created and updated as Unix seconds.
func (a *Action) UnmarshalJSON(b []byte) error {
	type fields Action
	var w struct {
		fields
		Created unixTime `json:"created"`
		Updated unixTime `json:"updated"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Action(w.fields)
	a.Created = time.Time(w.Created)
	a.Updated = time.Time(w.Updated)
	return nil
}

// ActionRef is an action as a campaign or broadcast lists it.
type ActionRef struct {
	ID   int    `json:"id"`
	Type string `json:"type"`
}

// ActionMetrics is the metrics report of one action. When asked for the
// MultiLanguageBranchActionID of a multi-language message, Metric is the total
// of every variant and LanguageVariants breaks it down by language tag.
type ActionMetrics struct {
	Metric           Metrics            `json:"metric"`
	LanguageVariants map[string]Metrics `json:"language_variants,omitempty"`
}

// getAction reads one action, or translation, at path.
func getAction(ctx context.Context, api *transport.Client, p *problems, path string) (*Action, error) {
	a, err := fetch[Action](ctx, api, p, &transport.Request{Method: http.MethodGet, Path: path}, "action")
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// putAction sends update to path and reads back the action. A PUT replaces
// the fields it names, so the transport may repeat it.
func putAction(ctx context.Context, api *transport.Client, p *problems, path string, update ContentUpdate) (*Action, error) {
	update.check(p, true)
	a, err := fetch[Action](ctx, api, p, &transport.Request{Method: http.MethodPut, Path: path, Body: update}, "action")
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// getActionMetrics reads the whole-body metrics report of one action.
func getActionMetrics(ctx context.Context, api *transport.Client, p *problems, path string, q params) (*ActionMetrics, error) {
	m, err := fetch[ActionMetrics](ctx, api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "")
	if err != nil {
		return nil, err
	}
	return &m, nil
}
