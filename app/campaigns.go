package app

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// CampaignsService reads campaigns (automations), the workflows people enter by
// a segment, event or attribute trigger, and edits the content of their
// actions; campaigns themselves are built in the UI. A campaign or action id
// below 1, or a blank language, is a *customerio.ValidationError and nothing
// is sent.
type CampaignsService struct{ api *transport.Client }

// Campaign is a campaign (automation) and its settings.
type Campaign struct {
	ID            int    `json:"id"`
	DeduplicateID string `json:"deduplicate_id"`
	Name          string `json:"name"`
	Description   string `json:"description"`
	// Type is the kind of trigger ("segment", "event", …); Customer.io is
	// retiring it, so it may be empty.
	Type string `json:"type"`
	// Active reports whether the campaign is running; State says more:
	// "draft", "running", "stopped" or "archived".
	Active  bool        `json:"active"`
	State   string      `json:"state"`
	Actions []ActionRef `json:"actions"`
	Tags    []string    `json:"tags"`
	// EventName is the event that triggers an event-triggered campaign.
	EventName string `json:"event_name"`
	// TriggerSegmentIDs are the segments of the trigger, FilterSegmentIDs
	// those of its filter.
	TriggerSegmentIDs []int     `json:"trigger_segment_ids"`
	FilterSegmentIDs  []int     `json:"filter_segment_ids"`
	CreatedBy         string    `json:"created_by"`
	Created           time.Time `json:"created"`
	Updated           time.Time `json:"updated"`
	// FirstStarted is when the campaign first ran; zero if it never has.
	FirstStarted time.Time `json:"first_started"`
}

// UnmarshalJSON reads created, updated and first_started as Unix seconds, and
// tags as a list (or the placeholder string some answers carry instead).
func (c *Campaign) UnmarshalJSON(b []byte) error {
	type fields Campaign
	var w struct {
		fields
		Tags         tagList  `json:"tags"`
		Created      unixTime `json:"created"`
		Updated      unixTime `json:"updated"`
		FirstStarted unixTime `json:"first_started"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = Campaign(w.fields)
	c.Tags = []string(w.Tags)
	c.Created = time.Time(w.Created)
	c.Updated = time.Time(w.Updated)
	c.FirstStarted = time.Time(w.FirstStarted)
	return nil
}

// tagList reads the tags of a campaign or broadcast: a JSON list, or null, or a
// string; Customer.io's examples show the string "nil" for no tags, which reads
// as none, and any other string reads as one tag.
type tagList []string

func (t *tagList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*t = nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" || s == "nil" {
			*t = nil
		} else {
			*t = tagList{s}
		}
	default:
		var list []string
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		*t = list
	}
	return nil
}

// campaignPath is /v1/campaigns/{campaign_id}[/{what}…], each part one escaped
// segment.
func campaignPath(p *problems, id int, what ...string) string {
	p.id("campaign_id", id)
	return transport.Path("/v1/campaigns", append([]string{strconv.Itoa(id)}, what...)...)
}

// campaignActionPath is /v1/campaigns/{campaign_id}/actions/{action_id}[/{what}…].
func campaignActionPath(p *problems, id, actionID int, what ...string) string {
	p.id("action_id", actionID)
	return campaignPath(p, id, append([]string{"actions", strconv.Itoa(actionID)}, what...)...)
}

// List returns every campaign of the workspace (GET /v1/campaigns).
func (s *CampaignsService) List(ctx context.Context) ([]Campaign, error) {
	p := newProblems("app.Campaigns.List")
	return fetch[[]Campaign](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/campaigns"}, "campaigns")
}

// Get returns one campaign (GET /v1/campaigns/{campaign_id}).
func (s *CampaignsService) Get(ctx context.Context, campaignID int) (*Campaign, error) {
	p := newProblems("app.Campaigns.Get")
	path := campaignPath(p, campaignID)
	c, err := fetch[Campaign](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "campaign")
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// ListDeliveries returns one page of the deliveries a campaign made (GET
// /v1/campaigns/{campaign_id}/messages), filtered by Metric, Type, Drafts and
// time; without a window Customer.io returns the last 6 months, and at most
// 12. An unknown Metric or Type, or a State (which this route does not take),
// is a *customerio.ValidationError.
func (s *CampaignsService) ListDeliveries(ctx context.Context, campaignID int, opts DeliveriesOptions) (ListPage[Delivery], error) {
	p := newProblems("app.Campaigns.ListDeliveries")
	path := campaignPath(p, campaignID, "messages")
	q := params{}
	opts.query(p, q, filterType|filterDrafts)
	return fetchPage[Delivery](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "messages")
}

// AllDeliveries walks every page of ListDeliveries, from opts.Start on
// (GET /v1/campaigns/{campaign_id}/messages).
func (s *CampaignsService) AllDeliveries(ctx context.Context, campaignID int, opts DeliveriesOptions) iter.Seq2[Delivery, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[Delivery], error) {
		o := opts
		o.Start = start
		return s.ListDeliveries(ctx, campaignID, o)
	})
}

// ListActions returns one page of a campaign's actions (GET
// /v1/campaigns/{campaign_id}/actions). Customer.io returns up to 10 a page
// and takes no page size: start is the Next of the page before, empty for the
// first.
func (s *CampaignsService) ListActions(ctx context.Context, campaignID int, start string) (ListPage[Action], error) {
	p := newProblems("app.Campaigns.ListActions")
	path := campaignPath(p, campaignID, "actions")
	q := params{}
	q.str("start", start)
	return fetchPage[Action](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "actions")
}

// AllActions walks every page of ListActions, from start on
// (GET /v1/campaigns/{campaign_id}/actions).
func (s *CampaignsService) AllActions(ctx context.Context, campaignID int, start string) iter.Seq2[Action, error] {
	return walk(ctx, start, func(ctx context.Context, start string) (ListPage[Action], error) {
		return s.ListActions(ctx, campaignID, start)
	})
}

// GetAction returns one action of a campaign (GET
// /v1/campaigns/{campaign_id}/actions/{action_id}).
func (s *CampaignsService) GetAction(ctx context.Context, campaignID, actionID int) (*Action, error) {
	p := newProblems("app.Campaigns.GetAction")
	return getAction(ctx, s.api, p, campaignActionPath(p, campaignID, actionID))
}

// UpdateAction changes the content of a campaign action and returns it as
// changed (PUT /v1/campaigns/{campaign_id}/actions/{action_id}). The update
// replaces the fields it sets, so retry strategies may repeat it.
func (s *CampaignsService) UpdateAction(ctx context.Context, campaignID, actionID int, update ContentUpdate) (*Action, error) {
	p := newProblems("app.Campaigns.UpdateAction")
	return putAction(ctx, s.api, p, campaignActionPath(p, campaignID, actionID), update)
}

// GetActionTranslation returns the translation of a campaign action in one
// language (GET /v1/campaigns/{campaign_id}/actions/{action_id}/language/{language}).
// A blank language is a *customerio.ValidationError: use GetAction for the
// default language.
func (s *CampaignsService) GetActionTranslation(ctx context.Context, campaignID, actionID int, language string) (*Action, error) {
	p := newProblems("app.Campaigns.GetActionTranslation")
	p.blank("language", language)
	return getAction(ctx, s.api, p, campaignActionPath(p, campaignID, actionID, "language", language))
}

// UpdateActionTranslation changes the translation of a campaign action in one
// language and returns it as changed (PUT
// /v1/campaigns/{campaign_id}/actions/{action_id}/language/{language}). A blank
// language is a *customerio.ValidationError: use UpdateAction for the default
// language. Retry strategies may repeat it, as UpdateAction.
func (s *CampaignsService) UpdateActionTranslation(ctx context.Context, campaignID, actionID int, language string, update ContentUpdate) (*Action, error) {
	p := newProblems("app.Campaigns.UpdateActionTranslation")
	p.blank("language", language)
	return putAction(ctx, s.api, p, campaignActionPath(p, campaignID, actionID, "language", language), update)
}
