package pipelines

import (
	"strings"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// Message is a call of the Segment spec: Identify, Track, Page, Screen, Group
// or Alias, for Client.Send. The queueing methods of Client take each type
// directly.
type Message interface {
	// wire checks the message for op, sets its type-specific wire fields in w,
	// and returns the fields every message shares.
	wire(op string, w *wireMessage) (common, error)
}

// Message types, as the "type" of a batch item and the path of the single call.
const (
	typeIdentify = "identify"
	typeTrack    = "track"
	typePage     = "page"
	typeScreen   = "screen"
	typeGroup    = "group"
	typeAlias    = "alias"
)

// problems gathers the faults of one message, so that a caller learns them all
// at once.
type problems struct {
	op     string
	fields []customerio.FieldError
}

func (p *problems) add(field, message string) {
	p.fields = append(p.fields, customerio.FieldError{Field: field, Message: message})
}

// blank reports a required string that is empty. As everywhere in this module,
// only "" is blank.
func (p *problems) blank(field, value string) {
	if value == "" {
		p.add(field, "must not be blank")
	}
}

// ids refuses ids made only of spaces and tabs (or line breaks): Data
// Pipelines would store such a person or group under an id no one can type,
// and they are nearly always a formatting mistake. Fields and values come in
// pairs: "userId", m.UserID, "anonymousId", m.AnonymousID, ….
func (p *problems) ids(fieldsAndValues ...string) {
	for i := 0; i+1 < len(fieldsAndValues); i += 2 {
		if v := fieldsAndValues[i+1]; v != "" && isSpace(v) {
			p.add(fieldsAndValues[i], "must not be only whitespace")
		}
	}
}

// isSpace reports whether s holds nothing but spaces, tabs and line breaks.
func isSpace(s string) bool { return strings.Trim(s, " \t\r\n") == "" }

// who checks that a message names its user: Data Pipelines needs a userId or
// an anonymousId on every call but alias.
func (p *problems) who(userID, anonymousID string) {
	if userID == "" && anonymousID == "" {
		p.add("userId", "is required unless anonymousId is set")
	}
}

// timestamp refuses a time RFC 3339 cannot write.
func (p *problems) timestamp(t time.Time) {
	if y := t.UTC().Year(); y < 0 || y > 9999 {
		p.add("timestamp", "must be between years 0 and 9999")
	}
}

// err returns the *customerio.ValidationError of the faults found, or nil.
func (p *problems) err() error {
	if len(p.fields) == 0 {
		return nil
	}
	return &customerio.ValidationError{Op: p.op, Fields: p.fields}
}
