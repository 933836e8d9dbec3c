package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// sameEvent compares events, Raw by its compacted bytes.
func sameEvent(t *testing.T, got, want Event) bool {
	t.Helper()
	gotRaw, wantRaw := got.Data.Raw, want.Data.Raw
	got.Data.Raw, want.Data.Raw = nil, nil
	if !reflect.DeepEqual(got, want) {
		return false
	}
	if (gotRaw == nil) != (wantRaw == nil) {
		return false
	}
	return gotRaw == nil || bytes.Equal(compact(t, gotRaw), compact(t, wantRaw))
}

// TestEventRoundTripsThroughMarshalJSON encodes every fixture event and
// parses it back: the same event, unknown data fields included.
func TestEventRoundTripsThroughMarshalJSON(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "events", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ev, err := ParseEvent(body)
			if err != nil {
				t.Fatal(err)
			}
			encoded, err := json.Marshal(ev)
			if err != nil {
				t.Fatal(err)
			}
			again, err := ParseEvent(encoded)
			if err != nil {
				t.Fatalf("ParseEvent(%s): %v", encoded, err)
			}
			if !sameEvent(t, again, ev) {
				t.Errorf("round trip\n got %+v\nwant %+v", again, ev)
			}
			if !bytes.Equal(compact(t, again.Data.Raw), rawData(t, body)) {
				t.Errorf("data %s, want the fixture's %s", again.Data.Raw, rawData(t, body))
			}
			var viaUnmarshal Event
			if err := json.Unmarshal(encoded, &viaUnmarshal); err != nil || !sameEvent(t, viaUnmarshal, ev) {
				t.Errorf("json.Unmarshal: %v, %+v", err, viaUnmarshal)
			}
		})
	}
}

// TestTypedDataEncodesWithoutRaw: an event built in code, Raw nil, encodes
// its typed fields under Customer.io's names and parses back to itself.
func TestTypedDataEncodesWithoutRaw(t *testing.T) {
	ev := Event{
		EventID: "01HQZ7X5N3K2V8R4T6W9Y1C0DE", ObjectType: ObjectEmail, Metric: customerio.MetricClicked,
		Timestamp: time.Unix(1692633432, 0).UTC(),
		Data: Data{
			Identifiers: customerio.Identifiers{ID: "user-4821", Email: "ada@example.com"},
			CustomerID:  "user-4821", DeliveryID: "RPILAgUBcRhIBqSfeiIwdIYJKxTY",
			CampaignID: 23, ActionID: 96, Href: "https://example.com/?a=1&b=<2>", LinkID: 7,
		},
	}
	got, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"event_id":"01HQZ7X5N3K2V8R4T6W9Y1C0DE","object_type":"email","metric":"clicked","timestamp":1692633432,` +
		`"data":{"identifiers":{"id":"user-4821","email":"ada@example.com"},"customer_id":"user-4821",` +
		`"delivery_id":"RPILAgUBcRhIBqSfeiIwdIYJKxTY","action_id":96,"campaign_id":23,` +
		`"href":"https://example.com/?a=1\u0026b=\u003c2\u003e","link_id":7}}`
	if string(got) != want {
		t.Errorf("encoded\n %s\nwant\n %s", got, want)
	}
	back, err := ParseEvent(got)
	if err != nil {
		t.Fatal(err)
	}
	back.Data.Raw = nil
	if !reflect.DeepEqual(back, ev) {
		t.Errorf("parsed back %+v\nwant %+v", back, ev)
	}
}

func TestEventWithoutDataOmitsIt(t *testing.T) {
	ev, err := ParseEvent([]byte(`{"event_id":"x","object_type":"email","metric":"sent","timestamp":5}`))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(ev)
	if string(got) != `{"event_id":"x","object_type":"email","metric":"sent","timestamp":5}` {
		t.Errorf("encoded %s", got)
	}
}

func TestInvalidRawFailsToEncode(t *testing.T) {
	ev := NewEmailEvent(customerio.MetricOpened, "d", customerio.Identifiers{ID: "1"})
	ev.Data.Raw = []byte(`{"cut":`)
	if _, err := json.Marshal(ev); !errors.Is(err, ErrInvalidEvent) {
		t.Errorf("json.Marshal with a broken Raw: %v, want ErrInvalidEvent", err)
	}
}

// TestUnmarshalJSONKeepsItsOwnCopy: the decoder may reuse its buffer, so the
// Raw of a decoded event must not alias it.
func TestUnmarshalJSONKeepsItsOwnCopy(t *testing.T) {
	body := readFixture(t, "email_clicked.json")
	var ev Event
	if err := ev.UnmarshalJSON(body); err != nil {
		t.Fatal(err)
	}
	want := string(ev.Data.Raw)
	for i := range body {
		body[i] = ' '
	}
	if string(ev.Data.Raw) != want {
		t.Error("Raw changed with the input buffer")
	}
	var list []Event
	if err := json.Unmarshal([]byte(`[{"event_id":"a","object_type":"push","metric":"opened","timestamp":"7"}]`), &list); err != nil || len(list) != 1 || list[0].Timestamp.Unix() != 7 {
		t.Errorf("decoding a list: %v %+v", err, list)
	}
	if err := json.Unmarshal([]byte(`{"event_id":"a"}`), &ev); !errors.Is(err, ErrInvalidEvent) {
		t.Errorf("decoding an event without object_type: %v", err)
	}
}
