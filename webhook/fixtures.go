package webhook

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// Fixtures for tests of webhook handlers: events as Customer.io would send
// them, and signed requests carrying them.

// NewEvent returns an event as Customer.io would send it now: a fresh ULID as
// EventID, Timestamp the current second in UTC, and data. Data.Raw is left as
// given, so with a nil Raw the typed fields are what the event encodes to.
func NewEvent(objectType ObjectType, metric customerio.Metric, data Data) Event {
	now := time.Now()
	return Event{
		EventID:    newEventID(now),
		ObjectType: objectType,
		Metric:     metric,
		Timestamp:  now.Truncate(time.Second).UTC(),
		Data:       data,
	}
}

// NewMessageEvent returns an event about one message of a channel (email,
// push, sms…): the person who, as Identifiers and CustomerID, and the
// message's deliveryID. Recipient is the person's email address for email and
// their phone number for sms and whatsapp. Set the other fields the test needs
// (the source such as CampaignID, Href of a click, FailureMessage of a
// bounce) on the result.
func NewMessageEvent(objectType ObjectType, metric customerio.Metric, deliveryID string, who customerio.Identifiers) Event {
	data := Data{Identifiers: who, CustomerID: who.ID, DeliveryID: deliveryID}
	switch objectType {
	case ObjectEmail:
		data.Recipient = who.Email
	case ObjectSMS, ObjectWhatsApp:
		data.Recipient = who.Phone
	}
	return NewEvent(objectType, metric, data)
}

// NewEmailEvent returns an email event, such as email opened: NewMessageEvent
// with ObjectEmail.
func NewEmailEvent(metric customerio.Metric, deliveryID string, who customerio.Identifiers) Event {
	return NewMessageEvent(ObjectEmail, metric, deliveryID, who)
}

// NewCustomerEvent returns a customer event, such as customer unsubscribed,
// about the person who.
func NewCustomerEvent(metric customerio.Metric, who customerio.Identifiers) Event {
	return NewEvent(ObjectCustomer, metric, Data{Identifiers: who, CustomerID: who.ID, EmailAddress: who.Email})
}

// NewSignedRequest returns an incoming POST request carrying ev as Customer.io
// delivers it: the JSON body, Content-Type application/json, and the
// X-CIO-Timestamp and X-CIO-Signature headers of [Sign] with signingKey at the
// current time, so a [Verifier] with that key and the default clock accepts it.
// Pass it straight to a handler's ServeHTTP, as with httptest.NewRequest.
//
// It panics when ev cannot be encoded (a Data.Raw that is not valid JSON), as
// httptest.NewRequest does on bad input: it is meant for tests.
func NewSignedRequest(signingKey string, ev Event) *http.Request {
	body, err := json.Marshal(ev)
	if err != nil {
		panic("webhook: NewSignedRequest: " + err.Error())
	}
	r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	ts, sig := Sign(signingKey, time.Now(), body)
	r.Header.Set(HeaderTimestamp, ts)
	r.Header.Set(HeaderSignature, sig)
	return r
}

// crockford is the ULID alphabet: Crockford's base32.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newEventID returns a ULID, the form of Customer.io's event ids: 48 bits of
// Unix milliseconds then 80 random bits. They need to be unique, not secret.
func newEventID(t time.Time) string {
	hi := uint64(t.UnixMilli())&(1<<48-1)<<16 | uint64(rand.Uint32()&0xFFFF)
	lo := rand.Uint64()
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}
