package app

// ContentUpdate changes parts of a message's content: a transactional
// template's variant, a campaign or broadcast action (or its translation), a
// newsletter's variant. Nil fields are left as they are, and with none set the
// body is {}. Which fields apply depends on the channel: email takes all but
// a webhook's Headers, SMS Body, push Subject and Body, a webhook Body and
// Headers. Content made with Design Studio or the drag-and-drop editor cannot
// be changed this way.
type ContentUpdate struct {
	Subject *string `json:"subject,omitempty"`
	// Body is the message, or the request body of a webhook.
	Body    *string `json:"body,omitempty"`
	BodyAMP *string `json:"body_amp,omitempty"`
	// BodyPlain replaces the plain-text version Customer.io would generate. The
	// transactional routes do not take it.
	BodyPlain     *string `json:"body_plain,omitempty"`
	PreheaderText *string `json:"preheader_text,omitempty"`
	// Recipient is the to address, by default {{customer.email}}.
	Recipient *string `json:"recipient,omitempty"`
	// FromID and ReplyToID pick sender identities; nil keeps them.
	FromID    *int `json:"from_id,omitempty"`
	ReplyToID *int `json:"reply_to_id,omitempty"`
	// Headers replaces the custom email headers (or a webhook's request
	// headers), sent as the list of {"name", "value"} objects the update takes;
	// nil keeps them, an empty non-nil slice removes them all.
	Headers EmailHeaders `json:"headers,omitzero"`
}

// check records a sender id below 1, and a BodyPlain on a route that does not
// take one.
func (u ContentUpdate) check(p *problems, takesBodyPlain bool) {
	if u.FromID != nil && *u.FromID < 1 {
		p.add("from_id", "must be a positive id, not %d", *u.FromID)
	}
	if u.ReplyToID != nil && *u.ReplyToID < 1 {
		p.add("reply_to_id", "must be a positive id, not %d", *u.ReplyToID)
	}
	if u.BodyPlain != nil && !takesBodyPlain {
		p.add("body_plain", "is not a field of this route")
	}
}
