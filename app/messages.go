package app

import (
	"context"
	"iter"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
)

// MessagesService reads the deliveries of the whole workspace: every message
// sent (or drafted) to one person by any campaign, newsletter, broadcast or
// transactional send. A blank message id is a *customerio.ValidationError and
// nothing is sent.
type MessagesService struct{ api *transport.Client }

// MessagesOptions selects a page of the workspace's deliveries: the filters of
// DeliveriesOptions this list takes (Type and Drafts, besides paging, Metric,
// the time window and GetTrackedResponses; State is refused), and the campaign,
// newsletter or action that produced them.
type MessagesOptions struct {
	DeliveriesOptions
	// CampaignID, NewsletterID and ActionID keep deliveries of one campaign,
	// newsletter or action; 0 does not filter.
	CampaignID   int
	NewsletterID int
	ActionID     int
}

// query checks o and adds it to q.
func (o MessagesOptions) query(p *problems, q params) {
	o.DeliveriesOptions.query(p, q, filterType|filterDrafts)
	for _, f := range []struct {
		key string
		id  int
	}{{"campaign_id", o.CampaignID}, {"newsletter_id", o.NewsletterID}, {"action_id", o.ActionID}} {
		if f.id < 0 {
			p.add(f.key, "must be a positive id, not %d", f.id)
		}
		if f.id > 0 {
			v := f.id
			q.intPtr(f.key, &v)
		}
	}
}

// List returns one page of the workspace's deliveries, newest first (GET
// /v1/messages). Customer.io looks back at most 6 months: without a window it
// returns the last 6 months, and a longer window is cut to 6 months.
func (s *MessagesService) List(ctx context.Context, opts MessagesOptions) (ListPage[Delivery], error) {
	p := newProblems("app.Messages.List")
	q := params{}
	opts.query(p, q)
	return fetchPage[Delivery](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/messages", Query: q.values()}, "messages")
}

// All walks every page of List (GET /v1/messages), from opts.Start on.
func (s *MessagesService) All(ctx context.Context, opts MessagesOptions) iter.Seq2[Delivery, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[Delivery], error) {
		o := opts
		o.Start = start
		return s.List(ctx, o)
	})
}

// GetMessageOptions adds detail to a delivery read with Get.
type GetMessageOptions struct {
	// GetTrackedResponses adds the in-app survey answers of the delivery.
	GetTrackedResponses bool
}

// messagePath is /v1/messages/{id}[/{what}], the id escaped as one segment.
func messagePath(p *problems, id string, what ...string) string {
	p.blank("message_id", id)
	return transport.Path("/v1/messages", append([]string{id}, what...)...)
}

// Get returns one delivery and the metrics it reached (GET
// /v1/messages/{message_id}); the message id is a Delivery's ID, as a send's
// SendResponse.DeliveryID.
func (s *MessagesService) Get(ctx context.Context, messageID string, opts GetMessageOptions) (*Delivery, error) {
	p := newProblems("app.Messages.Get")
	path := messagePath(p, messageID)
	q := params{}
	if opts.GetTrackedResponses {
		q.str("get_tracked_responses", "true")
	}
	d, err := fetch[Delivery](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()}, "message")
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// ArchivedMessage is the copy Customer.io kept of a delivery as it was sent:
// the rendered email (or the webhook request, for a webhook delivery).
type ArchivedMessage struct {
	// ID is the delivery id.
	ID        string `json:"id"`
	Body      string `json:"body"`
	From      string `json:"from"`
	ReplyTo   string `json:"reply_to"`
	Recipient string `json:"recipient"`
	Subject   string `json:"subject"`
	CC        string `json:"cc"`
	BCC       string `json:"bcc"`
	FakeBCC   bool   `json:"fake_bcc"`
	// PreheaderText is the preview text shown after the subject.
	PreheaderText string `json:"preheader_text"`
	// URL and RequestMethod are the request of a webhook delivery.
	URL           string `json:"url"`
	RequestMethod string `json:"request_method"`
	// Headers are the custom headers sent; Customer.io sends them as a JSON
	// string holding a list of {"name", "value"}, which EmailHeaders reads.
	Headers EmailHeaders `json:"headers"`
	// Forgotten reports that Customer.io did not keep the message's content.
	Forgotten bool `json:"forgotten"`
}

// GetArchived returns the archived copy of a delivery (GET
// /v1/messages/{message_id}/archived_message). Customer.io allows 100 of these
// requests a day per workspace.
func (s *MessagesService) GetArchived(ctx context.Context, messageID string) (*ArchivedMessage, error) {
	p := newProblems("app.Messages.GetArchived")
	path := messagePath(p, messageID, "archived_message")
	m, err := fetch[ArchivedMessage](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "archived_message")
	if err != nil {
		return nil, err
	}
	return &m, nil
}
