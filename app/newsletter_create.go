package app

import (
	"encoding/json"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/gocustomerio/customerio/internal/validate"
)

// NewNewsletter is the body of NewslettersService.Create: a name, the
// recipients, when to send, and the message of exactly one channel (Email,
// SMS, Push, InApp, Webhook or Inbox), which sets the newsletter's type.
type NewNewsletter struct {
	// Name is required, at most 190 characters.
	Name string
	// Recipients is required: whom the newsletter goes to, built from
	// InSegment and Attribute conditions with And, Or and Not (use Not around an
	// Attribute for "is not equal" or "does not exist").
	Recipients Filter
	// SendNow sends the newsletter as soon as it is created. It cannot be
	// combined with ScheduledAt; with neither the newsletter is a draft.
	SendNow bool
	// ScheduledAt schedules the send; it must be in the future. The zero time
	// leaves it unscheduled.
	ScheduledAt time.Time
	// SubscriptionTopicID limits the audience to people subscribed to the
	// topic. Customer.io requires it when the workspace has a subscription
	// center; 0 leaves it out.
	SubscriptionTopicID int
	// RateLimit paces the send; nil sends as fast as Customer.io can.
	RateLimit *RateLimit

	// Exactly one of these is set.
	Email   *NewsletterEmail
	SMS     *NewsletterSMS
	Push    *NewsletterPush
	InApp   *NewsletterInApp
	Webhook *NewsletterWebhook
	Inbox   *NewsletterInbox
}

// NewsletterEmail is the message of an email newsletter. Subject and Body are
// required; set From or FromID, not both (with neither, Customer.io uses the
// workspace's oldest verified sender).
type NewsletterEmail struct {
	Subject string `json:"subject"`
	// Body is standard HTML and CSS; Design Studio syntax is not rendered.
	Body string `json:"body"`
	// BodyPlain replaces the plain-text body Customer.io generates.
	BodyPlain     string `json:"body_plain,omitempty"`
	PreheaderText string `json:"preheader_text,omitempty"`
	// LayoutID picks a layout; 0 uses the workspace default.
	LayoutID int `json:"layout_id,omitempty"`
	// From is a sender address, as "Name <email@example.com>".
	From string `json:"from,omitempty"`
	// FromID is a sender identity's id.
	FromID int `json:"from_id,omitempty"`
}

// NewsletterSMS is the message of an SMS newsletter (type "twilio"); Body is
// required.
type NewsletterSMS struct {
	Body string `json:"body"`
}

// NewsletterPush is the message of a push newsletter; at least one of Subject
// (the title) and Body is required.
type NewsletterPush struct {
	Subject string `json:"subject,omitempty"`
	Body    string `json:"body,omitempty"`
}

// NewsletterInApp is the message of an in-app newsletter: BodyJSON, required,
// is the message as a JSON document, sent as the string Customer.io takes.
type NewsletterInApp struct {
	BodyJSON json.RawMessage
}

// NewsletterInbox is the message of an inbox newsletter: BodyJSON, required,
// is the message (topics, type, properties, expiration) as a JSON document,
// sent as the string Customer.io takes.
type NewsletterInbox struct {
	BodyJSON json.RawMessage
}

// NewsletterWebhook is the request a webhook newsletter makes for each
// recipient; all three fields are required.
type NewsletterWebhook struct {
	Body string `json:"body"`
	// RequestMethod is GET, POST, PUT, PATCH or DELETE.
	RequestMethod string `json:"request_method"`
	// URL is an absolute http or https URL.
	URL string `json:"url"`
}

// RatePeriod is the window of a RateLimit.
type RatePeriod int

// The windows Customer.io paces a send in, in seconds on the wire.
const (
	PerMinute RatePeriod = 60
	PerHour   RatePeriod = 3600
	PerDay    RatePeriod = 86400
)

// RateLimit paces a newsletter send: at most Messages per Period, on every
// channel (the wire names it rate_limit_email_rate whatever the channel).
// Messages and Period go together; Spread may be set alone. Only fixed rates
// are supported, not the UI's daily ramp.
type RateLimit struct {
	// Messages is the most messages sent per Period, at least 1; 0 with Period
	// unset leaves the rate to Customer.io.
	Messages int
	// Period is PerMinute, PerHour or PerDay.
	Period RatePeriod
	// Spread, when true, spreads the messages evenly over each period instead
	// of sending them as fast as the limit allows; nil leaves the default.
	Spread *bool
}

type rateLimitJSON struct {
	Rate   int        `json:"rate_limit_email_rate,omitempty"`
	Period RatePeriod `json:"rate_limit_time_period,omitempty"`
	Spread *bool      `json:"rate_limit_spread,omitempty"`
}

func (r RateLimit) prepare(p *problems) rateLimitJSON {
	switch {
	case r.Messages < 0:
		p.add("rate_limit_email_rate", "must be at least 1, got %d", r.Messages)
	case r.Messages == 0 && r.Period != 0:
		p.add("rate_limit_email_rate", "must be set with rate_limit_time_period")
	}
	switch {
	case r.Period == 0 && r.Messages > 0:
		p.add("rate_limit_time_period", "must be set with rate_limit_email_rate")
	case r.Period != 0 && !slices.Contains([]RatePeriod{PerMinute, PerHour, PerDay}, r.Period):
		p.add("rate_limit_time_period", "must be one of: 60 3600 86400 (seconds), got %d", int(r.Period))
	}
	return rateLimitJSON{Rate: r.Messages, Period: r.Period, Spread: r.Spread}
}

// newNewsletterJSON is the wire form of NewNewsletter: the common fields, the
// rate limit and one channel's fields, flattened into one object by
// MarshalJSON.
type newNewsletterJSON struct {
	Name                string
	Type                string
	Recipients          Filter
	SendNow             bool
	ScheduledAt         int64
	SubscriptionTopicID int
	rateLimitJSON
	*NewsletterEmail
	*NewsletterSMS
	*NewsletterPush
	*NewsletterWebhook
	BodyJSON string
}

// MarshalJSON writes one object: the common fields, then the rate limit's and
// the set channel's under their own tags. (Left to encoding/json, the fields
// two channels share, body and subject, would be dropped as ambiguous.)
func (w newNewsletterJSON) MarshalJSON() ([]byte, error) {
	m := map[string]any{"name": w.Name, "type": w.Type, "recipients": w.Recipients}
	if w.SendNow {
		m["send_now"] = true
	}
	if w.ScheduledAt != 0 {
		m["scheduled_at"] = w.ScheduledAt
	}
	if w.SubscriptionTopicID != 0 {
		m["subscription_topic_id"] = w.SubscriptionTopicID
	}
	parts := []any{w.rateLimitJSON}
	switch {
	case w.NewsletterEmail != nil:
		parts = append(parts, w.NewsletterEmail)
	case w.NewsletterSMS != nil:
		parts = append(parts, w.NewsletterSMS)
	case w.NewsletterPush != nil:
		parts = append(parts, w.NewsletterPush)
	case w.NewsletterWebhook != nil:
		parts = append(parts, w.NewsletterWebhook)
	}
	for _, part := range parts {
		b, err := json.Marshal(part)
		if err != nil {
			return nil, err
		}
		var fields map[string]any
		if err := json.Unmarshal(b, &fields); err != nil {
			return nil, err
		}
		for k, v := range fields {
			m[k] = v
		}
	}
	if w.BodyJSON != "" {
		m["body_json"] = w.BodyJSON
	}
	return json.Marshal(m)
}

// webhookMethods are the request methods a webhook newsletter takes.
var webhookMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// prepare checks n and returns its wire form.
func (n NewNewsletter) prepare(p *problems) newNewsletterJSON {
	p.blank("name", n.Name)
	if utf8.RuneCountInString(n.Name) > 190 {
		p.add("name", "must be at most 190 characters, got %d", utf8.RuneCountInString(n.Name))
	}
	w := newNewsletterJSON{
		Name:                n.Name,
		Recipients:          n.Recipients.prepare(p, "recipients"),
		SendNow:             n.SendNow,
		ScheduledAt:         unixSeconds(n.ScheduledAt),
		SubscriptionTopicID: n.SubscriptionTopicID,
	}
	if n.SendNow && !n.ScheduledAt.IsZero() {
		p.add("scheduled_at", "cannot be combined with send_now")
	} else if !n.ScheduledAt.IsZero() && !n.ScheduledAt.After(time.Now()) {
		p.add("scheduled_at", "must be in the future")
	}
	if n.SubscriptionTopicID < 0 {
		p.add("subscription_topic_id", "must be a positive id, not %d", n.SubscriptionTopicID)
	}
	if n.RateLimit != nil {
		w.rateLimitJSON = n.RateLimit.prepare(p)
	}
	set := 0
	if e := n.Email; e != nil {
		set++
		w.Type, w.NewsletterEmail = "email", e
		p.blank("subject", e.Subject)
		p.blank("body", e.Body)
		if e.From != "" && e.FromID != 0 {
			p.add("from_id", "cannot be combined with from")
		}
		if e.FromID < 0 {
			p.add("from_id", "must be a positive id, not %d", e.FromID)
		}
		if e.LayoutID < 0 {
			p.add("layout_id", "must be a positive id, not %d", e.LayoutID)
		}
	}
	if m := n.SMS; m != nil {
		set++
		w.Type, w.NewsletterSMS = "twilio", m
		p.blank("body", m.Body)
	}
	if m := n.Push; m != nil {
		set++
		w.Type, w.NewsletterPush = "push", m
		if allBlank(m.Subject, m.Body) {
			p.add("body", "a push newsletter needs a subject, a body or both")
		}
	}
	if m := n.InApp; m != nil {
		set++
		w.Type, w.BodyJSON = "in_app", newsletterBodyJSON(p, m.BodyJSON)
	}
	if m := n.Inbox; m != nil {
		set++
		w.Type, w.BodyJSON = "inbox", newsletterBodyJSON(p, m.BodyJSON)
	}
	if m := n.Webhook; m != nil {
		set++
		w.Type, w.NewsletterWebhook = "webhook", m
		p.blank("body", m.Body)
		if !slices.Contains(webhookMethods, m.RequestMethod) {
			p.add("request_method", "must be one of: GET POST PUT PATCH DELETE")
		}
		p.httpURL("url", m.URL)
	}
	if set != 1 {
		p.add("type", "set exactly one of Email, SMS, Push, InApp, Webhook or Inbox, not %d", set)
	}
	return w
}

// newsletterBodyJSON checks an in-app or inbox body and returns it as the string the
// wire carries.
func newsletterBodyJSON(p *problems, raw json.RawMessage) string {
	if len(raw) == 0 {
		p.add("body_json", "must not be empty")
		return ""
	}
	if !json.Valid(raw) {
		p.add("body_json", "must be a JSON document")
		return ""
	}
	return string(raw)
}

// NewsletterSchedule is the body of NewslettersService.Schedule.
type NewsletterSchedule struct {
	// At is when to send; it must be in the future. The zero time deschedules a
	// scheduled newsletter (scheduled_at 0).
	At time.Time
	// Timezone is the IANA zone the UI shows At in, such as
	// "America/New_York"; Customer.io asks for it whenever At is set.
	Timezone string
	// TZMatch sends at At's wall-clock time in each recipient's own time zone;
	// nil leaves the default (false).
	TZMatch *bool
	// RateLimit paces the send; nil leaves it as the newsletter has it.
	RateLimit *RateLimit
}

type scheduleJSON struct {
	ScheduledAt int64  `json:"scheduled_at"`
	Timezone    string `json:"timezone,omitempty"`
	TZMatch     *bool  `json:"tz_match_enabled,omitempty"`
	rateLimitJSON
}

func (s NewsletterSchedule) prepare(p *problems) scheduleJSON {
	w := scheduleJSON{ScheduledAt: unixSeconds(s.At), Timezone: s.Timezone, TZMatch: s.TZMatch}
	if !s.At.IsZero() {
		if !s.At.After(time.Now()) {
			p.add("scheduled_at", "must be in the future (the zero time deschedules)")
		}
		if validate.IsBlank(s.Timezone) {
			p.add("timezone", "must be set with scheduled_at")
		}
	}
	if s.RateLimit != nil {
		w.rateLimitJSON = s.RateLimit.prepare(p)
	}
	return w
}
