package webhook

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// specEvents is testdata/reporting_events_spec.json: for each event schema of
// Customer.io's reporting webhook reference, the object types it allows, the
// field that carries them and its metric.
type specEvents struct {
	Events []struct {
		Schema          string            `json:"schema"`
		ObjectTypeField string            `json:"object_type_field"`
		ObjectTypes     []ObjectType      `json:"object_types"`
		Metric          customerio.Metric `json:"metric"`
	} `json:"events"`
}

// Each object type lists exactly the metrics the reference allows with it,
// once each: the person events, cio_subscription_preferences_changed
// included, come with every channel's object type.
func TestObjectTypeMetricsMatchTheReference(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "reporting_events_spec.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec specEvents
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	want := map[ObjectType][]customerio.Metric{}
	for _, e := range spec.Events {
		for _, o := range e.ObjectTypes {
			if !slices.Contains(want[o], e.Metric) {
				want[o] = append(want[o], e.Metric)
			}
		}
	}
	if len(want) != len(metricsByObject) {
		t.Errorf("the reference has %d object types, Metrics knows %d", len(want), len(metricsByObject))
	}
	for o, metrics := range want {
		got := o.Metrics()
		if len(slices.Compact(slices.Sorted(slices.Values(got)))) != len(got) {
			t.Errorf("%s: Metrics %v lists a metric twice", o, got)
		}
		slices.Sort(got)
		slices.Sort(metrics)
		if !slices.Equal(got, metrics) {
			t.Errorf("%s: Metrics %v, the reference has %v", o, got, metrics)
		}
	}
}

// The reference's cio_subscription_preferences_changed event spells its object
// type field object_type_type; such an event parses, with that object type.
func TestPreferencesChangedAcceptsObjectTypeType(t *testing.T) {
	ev, err := ParseEvent(readFixture(t, "preferences_changed_object_type_type.json"))
	if err != nil {
		t.Fatal(err)
	}
	if ev.ObjectType != ObjectEmail || ev.Metric != customerio.MetricSubscriptionPreferencesChanged {
		t.Errorf("object type %q, metric %q; want email, cio_subscription_preferences_changed", ev.ObjectType, ev.Metric)
	}
	if !ev.Timestamp.Equal(time.Unix(1692651060, 0)) || ev.Data.DeliveryID != "RMPAAgUBcRhIBqSfeiIwdIYJKxUB" || ev.Data.CampaignID != 5 {
		t.Errorf("event %+v", ev)
	}
	if !slices.Contains(ev.ObjectType.Metrics(), ev.Metric) {
		t.Errorf("%s.Metrics() lacks %s", ev.ObjectType, ev.Metric)
	}
}

// When both spellings are present, object_type wins.
func TestObjectTypeWinsOverObjectTypeType(t *testing.T) {
	ev, err := ParseEvent([]byte(`{"event_id":"e","object_type":"customer","object_type_type":"email","metric":"cio_subscription_preferences_changed","timestamp":1}`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.ObjectType != ObjectCustomer {
		t.Errorf("object type %q, want customer", ev.ObjectType)
	}
}
