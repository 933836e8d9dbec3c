package webhook

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func TestNewEventsCarryFreshIDsAndTheCurrentSecond(t *testing.T) {
	before := time.Now().Truncate(time.Second)
	who := customerio.Identifiers{ID: "42", Email: "ada@example.com", Phone: "+15555550123"}
	email := NewEmailEvent(customerio.MetricOpened, "dlv_1", who)
	sms := NewMessageEvent(ObjectSMS, customerio.MetricDelivered, "dlv_2", who)
	push := NewMessageEvent(ObjectPush, customerio.MetricSent, "dlv_3", who)
	customer := NewCustomerEvent(customerio.MetricUnsubscribed, who)
	after := time.Now()

	for _, ev := range []Event{email, sms, push, customer} {
		if len(ev.EventID) != 26 || strings.Trim(ev.EventID, crockford) != "" {
			t.Errorf("event id %q is not a ULID", ev.EventID)
		}
		if ev.Timestamp.Before(before) || ev.Timestamp.After(after) || ev.Timestamp.Nanosecond() != 0 || ev.Timestamp.Location() != time.UTC {
			t.Errorf("timestamp %v not the current second in UTC", ev.Timestamp)
		}
		if ev.Data.Identifiers != who || ev.Data.CustomerID != "42" || ev.Data.Raw != nil {
			t.Errorf("data %+v", ev.Data)
		}
	}
	if email.EventID == sms.EventID {
		t.Error("two events share an id")
	}
	if email.ObjectType != ObjectEmail || email.Data.Recipient != who.Email || email.Data.DeliveryID != "dlv_1" {
		t.Errorf("email %+v", email)
	}
	if sms.Data.Recipient != who.Phone || push.Data.Recipient != "" {
		t.Errorf("recipients: sms %q, push %q", sms.Data.Recipient, push.Data.Recipient)
	}
	if customer.ObjectType != ObjectCustomer || customer.Data.EmailAddress != who.Email || customer.Data.DeliveryID != "" {
		t.Errorf("customer %+v", customer)
	}
}

func TestEventIDsSortByTime(t *testing.T) {
	a := newEventID(time.UnixMilli(1692633432123))
	b := newEventID(time.UnixMilli(1692633432124))
	if a[:10] != "01H8CD101V" || a >= b {
		t.Errorf("ids %s %s", a, b)
	}
}

// TestSignedRequestPassesTheMiddleware: the request NewSignedRequest makes is
// accepted by a Verifier with the same key and reaches the handler intact;
// with another key it is refused.
func TestSignedRequestPassesTheMiddleware(t *testing.T) {
	ev := NewEmailEvent(customerio.MetricClicked, "dlv_9", customerio.Identifiers{ID: "7"})
	ev.Data.Href = "https://example.com/"
	var got Event
	h := func(key string) http.Handler {
		return (&Verifier{SigningKey: NewKey(key)}).Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			var err error
			if got, err = ParseEvent(body); err != nil {
				t.Errorf("ParseEvent: %v", err)
			}
			w.WriteHeader(http.StatusNoContent)
		}))
	}
	req := NewSignedRequest(refKey, ev)
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("request %s %q", req.Method, req.Header.Get("Content-Type"))
	}
	rec := httptest.NewRecorder()
	h(refKey).ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("status %d", rec.Code)
	}
	got.Data.Raw = nil
	if !reflect.DeepEqual(got, ev) {
		t.Errorf("handler got %+v, want %+v", got, ev)
	}
	rec = httptest.NewRecorder()
	h("another-key").ServeHTTP(rec, NewSignedRequest(refKey, ev))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("status with another key %d, want 401", rec.Code)
	}
}

func TestSignedRequestPanicsOnUnencodableEvent(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	ev := NewCustomerEvent(customerio.MetricSubscribed, customerio.Identifiers{ID: "1"})
	ev.Data.Raw = []byte("{")
	NewSignedRequest(refKey, ev)
}
