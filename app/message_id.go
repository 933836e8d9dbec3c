package app

import (
	"encoding/json"
	"strconv"
)

// MessageID picks the transactional message template a send uses, sent as
// transactional_message_id: either the template's number (TemplateID, the number in
// the template's URL in Customer.io) or its trigger name (TriggerName). The zero
// MessageID sends none, which only an email whose subject, body and sender are
// all given in the request may do.
type MessageID struct {
	number int
	name   string
}

// TemplateID picks a transactional message template by its number.
func TemplateID(id int) MessageID { return MessageID{number: id} }

// TriggerName picks a transactional message template by the trigger name set on
// it in Customer.io (case sensitive).
func TriggerName(name string) MessageID { return MessageID{name: name} }

// IsZero reports whether m picks no template.
func (m MessageID) IsZero() bool { return m == MessageID{} }

// String returns the template number or trigger name.
func (m MessageID) String() string {
	if m.name != "" {
		return m.name
	}
	if m.number == 0 {
		return ""
	}
	return strconv.Itoa(m.number)
}

// MarshalJSON encodes a template number as a JSON number and a trigger name as a
// JSON string, as Customer.io accepts either.
func (m MessageID) MarshalJSON() ([]byte, error) {
	if m.name != "" {
		return json.Marshal(m.name)
	}
	return strconv.AppendInt(nil, int64(m.number), 10), nil
}

// check records a missing (when required) or non-positive template number.
func (m MessageID) check(p *problems, required bool) {
	const field = "transactional_message_id"
	switch {
	case m.IsZero() && required:
		p.add(field, "is required: pick the template with TemplateID or TriggerName")
	case m.name == "" && m.number < 0:
		p.add(field, "must be a positive template number, not %d", m.number)
	}
}
