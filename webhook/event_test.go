package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "events", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rawData is the fixture's "data" object, compacted.
func rawData(t *testing.T, body []byte) []byte {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		t.Fatal(err)
	}
	return compact(t, top["data"])
}

func compact(t *testing.T, raw []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := json.Compact(&out, raw); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestParseEventFixtures(t *testing.T) {
	tests := []struct {
		file string
		want Event
	}{
		{"email_clicked.json", Event{
			EventID: "01HQZ7X5N3K2V8R4T6W9Y1C0DE", ObjectType: ObjectEmail, Metric: customerio.MetricClicked,
			Timestamp: time.Date(2023, 8, 21, 15, 57, 12, 0, time.UTC),
			Data: Data{
				Identifiers: customerio.Identifiers{ID: "user-4821", Email: "ada@example.com", CIOID: "a1b20c0d0e0f"},
				CustomerID:  "user-4821", DeliveryID: "RPILAgUBcRhIBqSfeiIwdIYJKxTY",
				ActionID: 96, CampaignID: 23, TemplateID: 144, JourneyID: "01HQZ7W2F3G4H5J6K7M8N9P0QR",
				Recipient: "ada@example.com", Subject: "Your weekly summary",
				Href: "https://example.com/summary?week=34", LinkID: 7,
			},
		}},
		{"email_bounced.json", Event{
			EventID: "01HQZ8A0B1C2D3E4F5G6H7J8K9", ObjectType: ObjectEmail, Metric: customerio.MetricBounced,
			Timestamp: time.Unix(1692640000, 0).UTC(),
			Data: Data{
				Identifiers: customerio.Identifiers{ID: "4822", Email: "grace@example.invalid", CIOID: "b2c30d0e0f10"},
				CustomerID:  "4822", DeliveryID: "RPILAgUBcRhIBqSfeiIwdIYJKxTZ",
				ActionID: 97, ParentActionID: 95, BroadcastID: 11, TriggerID: 3,
				Recipient:      "grace@example.invalid",
				FailureMessage: "550 5.1.1 The email account that you tried to reach does not exist",
			},
		}},
		{"customer_subscribed.json", Event{
			EventID: "01HQZ9C4D5E6F7G8H9J0K1M2N3", ObjectType: ObjectCustomer, Metric: customerio.MetricSubscribed,
			Timestamp: time.Unix(1692650000, 0).UTC(),
			Data: Data{
				Identifiers: customerio.Identifiers{ID: "user-77", Email: "lin@example.com", CIOID: "c3d40e0f1011"},
				CustomerID:  "user-77", EmailAddress: "lin@example.com",
			},
		}},
		{"customer_preferences_changed.json", Event{
			EventID: "01HQZAD5E6F7G8H9J0K1M2N3P4", ObjectType: ObjectCustomer, Metric: customerio.MetricSubscriptionPreferencesChanged,
			Timestamp: time.Unix(1692651000, 0).UTC(),
			Data: Data{
				Identifiers: customerio.Identifiers{ID: "user-77", Email: "lin@example.com", CIOID: "c3d40e0f1011"},
				CustomerID:  "user-77", EmailAddress: "lin@example.com",
			},
		}},
		{"sms_delivered.json", Event{
			EventID: "01HQZBE6F7G8H9J0K1M2N3P4Q5", ObjectType: ObjectSMS, Metric: customerio.MetricDelivered,
			Timestamp: time.Unix(1692660000, 0).UTC(),
			Data: Data{
				Identifiers: customerio.Identifiers{ID: "user-9", CIOID: "d4e50f101112", Phone: "+15555550123"},
				CustomerID:  "user-9", DeliveryID: "RMPAAgUBcRhIBqSfeiIwdIYJKxUA",
				ActionID: 301, NewsletterID: 42, ContentID: 5, Recipient: "+15555550123",
			},
		}},
		{"push_opened.json", Event{
			EventID: "01HQZCF7G8H9J0K1M2N3P4Q5R6", ObjectType: ObjectPush, Metric: customerio.MetricOpened,
			Timestamp: time.Unix(1692670000, 0).UTC(),
			Data: Data{
				Identifiers: customerio.Identifiers{ID: "user-12", CIOID: "e5f610111213"},
				CustomerID:  "user-12", DeliveryID: "RMPAAgUBcRhIBqSfeiIwdIYJKxUB", TransactionalMessageID: 8,
			},
		}},
		{"in_app_clicked.json", Event{
			EventID: "01HQZDG8H9J0K1M2N3P4Q5R6S7", ObjectType: ObjectInApp, Metric: customerio.MetricClicked,
			Timestamp: time.Unix(1692680000, 0).UTC(),
			Data: Data{
				Identifiers: customerio.Identifiers{ID: "user-31", Email: "sam@example.com", CIOID: "f60711121314"},
				CustomerID:  "user-31", DeliveryID: "RMPAAgUBcRhIBqSfeiIwdIYJKxUC",
				ActionID: 412, CampaignID: 58, Link: "https://example.com/upgrade",
			},
		}},
		{"webhook_failed.json", Event{
			EventID: "01HQZEH9J0K1M2N3P4Q5R6S7T8", ObjectType: ObjectWebhook, Metric: customerio.MetricFailed,
			Timestamp: time.Unix(1692690000, 0).UTC(),
			Data: Data{
				Identifiers: customerio.Identifiers{ID: "user-40", Email: "kim@example.com", CIOID: "071812131415"},
				CustomerID:  "user-40", DeliveryID: "RMPAAgUBcRhIBqSfeiIwdIYJKxUD",
				ActionID: 500, CampaignID: 61, Recipient: "https://hooks.example.com/cio",
				FailureMessage: "received status 503",
			},
		}},
		{"unknown_metric.json", Event{
			EventID: "01HQZFJ0K1M2N3P4Q5R6S7T8V9", ObjectType: ObjectEmail, Metric: "machine_opened",
			Timestamp: time.Unix(1692700000, 0).UTC(),
			Data: Data{
				Identifiers: customerio.Identifiers{ID: "user-4821", Email: "ada@example.com", CIOID: "a1b20c0d0e0f"},
				DeliveryID:  "RPILAgUBcRhIBqSfeiIwdIYJKxTY", CampaignID: 23,
			},
		}},
		{"unknown_object_type.json", Event{
			EventID: "01HQZGK1M2N3P4Q5R6S7T8V9W0", ObjectType: "inbox", Metric: "read",
			Timestamp: time.Unix(1692710000, 0).UTC(),
			Data: Data{
				Identifiers: customerio.Identifiers{ID: "user-5", CIOID: "182913141516"},
				DeliveryID:  "RMPAAgUBcRhIBqSfeiIwdIYJKxUE",
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body := readFixture(t, tt.file)
			got, err := ParseEvent(body)
			if err != nil {
				t.Fatalf("ParseEvent: %v", err)
			}
			if !bytes.Equal(compact(t, got.Data.Raw), rawData(t, body)) {
				t.Errorf("Data.Raw = %s, want the data object as sent", got.Data.Raw)
			}
			got.Data.Raw = nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseEvent =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

// TestParseEventKeepsUnknownFields reads fields without a typed counterpart back
// from Data.Raw.
func TestParseEventKeepsUnknownFields(t *testing.T) {
	tests := []struct {
		file  string
		field string
		want  string
	}{
		{"email_clicked.json", "campaign_tags", `["digest","weekly"]`},
		{"customer_preferences_changed.json", "content", `"{\"topics\":{\"topic_1\":true,\"topic_2\":false}}"`},
		{"push_opened.json", "recipients", `[{"device_id":"f2c9d8e7b6a5","device_platform":"ios"}]`},
		{"in_app_clicked.json", "action_value", `"pro"`},
		{"unknown_metric.json", "proxy", `{"vendor":"apple","prefetch":true}`},
		{"unknown_object_type.json", "inbox_message_id", `"msg_9f8e7d"`},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.field, func(t *testing.T) {
			ev, err := ParseEvent(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(ev.Data.Raw, &fields); err != nil {
				t.Fatal(err)
			}
			if got := compact(t, fields[tt.field]); string(got) != tt.want {
				t.Errorf("%s = %s, want %s", tt.field, got, tt.want)
			}
		})
	}
}

func TestParseEventLenientData(t *testing.T) {
	const envelope = `{"event_id":"e1","object_type":"email","metric":"sent","timestamp":1692633432,"data":`
	tests := []struct {
		name string
		data string
		want Data
	}{
		{"numbers as strings", `{"campaign_id":"23","action_id":"96","template_id":"144"}`,
			Data{CampaignID: 23, ActionID: 96, TemplateID: 144}},
		{"strings as numbers", `{"customer_id":42,"journey_id":7,"identifiers":{"id":42,"cio_id":-3}}`,
			Data{CustomerID: "42", JourneyID: "7", Identifiers: customerio.Identifiers{ID: "42", CIOID: "-3"}}},
		{"nulls", `{"campaign_id":null,"customer_id":null,"identifiers":null}`, Data{}},
		{"non-numeric id", `{"campaign_id":"abc","delivery_id":"d1"}`, Data{DeliveryID: "d1"}},
		{"fractional id", `{"campaign_id":23.5,"template_id":1e3}`, Data{}},
		{"id out of range", `{"campaign_id":99999999999999999999}`, Data{}},
		{"objects where text is expected", `{"customer_id":{"a":1},"recipient":["x"],"subject":true}`, Data{}},
		{"identifiers not an object", `{"identifiers":["user-1"],"customer_id":"user-1"}`, Data{CustomerID: "user-1"}},
		{"escaped text", `{"subject":"caf\u00e9 \"ol\u00e9\""}`, Data{Subject: `café "olé"`}},
		{"empty object", `{}`, Data{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := ParseEvent([]byte(envelope + tt.data + "}"))
			if err != nil {
				t.Fatalf("ParseEvent: %v", err)
			}
			if string(ev.Data.Raw) != tt.data {
				t.Errorf("Data.Raw = %s, want %s", ev.Data.Raw, tt.data)
			}
			ev.Data.Raw = nil
			if !reflect.DeepEqual(ev.Data, tt.want) {
				t.Errorf("Data = %+v, want %+v", ev.Data, tt.want)
			}
		})
	}
}

func TestParseEventEnvelope(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantErr bool
		wantTS  int64
	}{
		{"minimal", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":1692633432}`, false, 1692633432},
		{"string timestamp", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":"1692633432"}`, false, 1692633432},
		{"epoch", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":0}`, false, 0},
		{"null data", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":1,"data":null}`, false, 1},
		{"unknown top-level key", `{"event_id":"e","object_type":"x","metric":"y","timestamp":1,"extra":[1,2]}`, false, 1},
		{"empty body", ``, true, 0},
		{"whitespace", " \n", true, 0},
		{"malformed", `{"event_id":`, true, 0},
		{"trailing garbage", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":1} x`, true, 0},
		{"null", `null`, true, 0},
		{"array", `[{"event_id":"e"}]`, true, 0},
		{"empty object", `{}`, true, 0},
		{"missing event_id", `{"object_type":"email","metric":"sent","timestamp":1}`, true, 0},
		{"empty event_id", `{"event_id":"","object_type":"email","metric":"sent","timestamp":1}`, true, 0},
		{"numeric event_id", `{"event_id":1,"object_type":"email","metric":"sent","timestamp":1}`, true, 0},
		{"missing object_type", `{"event_id":"e","metric":"sent","timestamp":1}`, true, 0},
		{"object_type not a string", `{"event_id":"e","object_type":{},"metric":"sent","timestamp":1}`, true, 0},
		{"missing metric", `{"event_id":"e","object_type":"email","timestamp":1}`, true, 0},
		{"missing timestamp", `{"event_id":"e","object_type":"email","metric":"sent"}`, true, 0},
		{"null timestamp", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":null}`, true, 0},
		{"fractional timestamp", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":1692633432.5}`, true, 0},
		{"exponent timestamp", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":1.6e9}`, true, 0},
		{"negative timestamp", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":-1}`, true, 0},
		{"timestamp past year 9999", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":253402300800}`, true, 0},
		{"text timestamp", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":"yesterday"}`, true, 0},
		{"boolean timestamp", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":true}`, true, 0},
		{"data not an object", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":1,"data":"x"}`, true, 0},
		{"data an array", `{"event_id":"e","object_type":"email","metric":"sent","timestamp":1,"data":[]}`, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := ParseEvent([]byte(tt.body))
			if tt.wantErr {
				if !errors.Is(err, ErrInvalidEvent) {
					t.Fatalf("ParseEvent = %+v, %v; want ErrInvalidEvent", ev, err)
				}
				if !reflect.DeepEqual(ev, Event{}) {
					t.Errorf("ParseEvent returned %+v with its error", ev)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseEvent: %v", err)
			}
			if ev.Timestamp.Unix() != tt.wantTS || ev.Timestamp.Location() != time.UTC {
				t.Errorf("Timestamp = %v, want Unix %d in UTC", ev.Timestamp, tt.wantTS)
			}
		})
	}
}

// TestParseEventErrorsAreJSONErrors: the cause of a JSON failure stays reachable.
func TestParseEventErrorsAreJSONErrors(t *testing.T) {
	_, err := ParseEvent([]byte(`{"event_id":`))
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) {
		t.Fatalf("ParseEvent error %v does not wrap a *json.SyntaxError", err)
	}
	if !strings.HasPrefix(err.Error(), "webhook: invalid event: ") {
		t.Errorf("error %q", err)
	}
}

func TestObjectTypeMetrics(t *testing.T) {
	tests := []struct {
		object ObjectType
		want   []customerio.Metric
	}{
		{ObjectCustomer, []customerio.Metric{"subscribed", "unsubscribed", "cio_subscription_preferences_changed"}},
		{ObjectEmail, []customerio.Metric{"drafted", "attempted", "sent", "delivered", "opened", "clicked", "converted",
			"unsubscribed", "bounced", "dropped", "spammed", "failed", "undeliverable",
			"subscribed", "cio_subscription_preferences_changed"}},
		{ObjectPush, []customerio.Metric{"attempted", "delivered", "sent", "opened", "clicked", "converted", "bounced",
			"dropped", "failed", "undeliverable", "subscribed", "unsubscribed", "cio_subscription_preferences_changed"}},
		{ObjectInApp, []customerio.Metric{"drafted", "attempted", "sent", "opened", "clicked", "converted", "failed",
			"undeliverable", "subscribed", "unsubscribed", "cio_subscription_preferences_changed"}},
		{ObjectSMS, []customerio.Metric{"drafted", "attempted", "sent", "delivered", "clicked", "converted", "bounced",
			"failed", "undeliverable", "replied", "subscribed", "unsubscribed", "cio_subscription_preferences_changed"}},
		{ObjectSlack, []customerio.Metric{"drafted", "attempted", "sent", "clicked", "failed", "undeliverable",
			"subscribed", "unsubscribed", "cio_subscription_preferences_changed"}},
		{ObjectWebhook, []customerio.Metric{"drafted", "attempted", "sent", "clicked", "failed", "undeliverable",
			"subscribed", "unsubscribed", "cio_subscription_preferences_changed"}},
		{ObjectWhatsApp, []customerio.Metric{"drafted", "attempted", "sent", "delivered", "opened", "clicked", "converted",
			"bounced", "dropped", "failed", "undeliverable", "replied",
			"subscribed", "unsubscribed", "cio_subscription_preferences_changed"}},
		{"inbox", nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.object), func(t *testing.T) {
			got := tt.object.Metrics()
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Metrics = %v, want %v", got, tt.want)
			}
			if len(got) > 0 {
				got[0] = "changed"
				if tt.object.Metrics()[0] == "changed" {
					t.Error("Metrics returns shared storage")
				}
			}
		})
	}
}
