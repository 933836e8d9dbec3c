package customeriotest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

type batchError struct {
	BatchIndex int    `json:"batch_index"`
	Reason     string `json:"reason"`
	Field      string `json:"field"`
	Message    string `json:"message,omitempty"`
}

func TestBatchPartialFailure(t *testing.T) {
	srv := newTestServer(t)
	resp := srv.mustDo(t, http.StatusMultiStatus, track(http.MethodPost, "/api/v2/batch", fixture(t, "v2_batch_partial.json")))
	var body struct{ Errors []batchError }
	resp.decode(t, &body)
	for i := range body.Errors {
		if body.Errors[i].Message == "" {
			t.Errorf("error %+v has no message", body.Errors[i])
		}
		body.Errors[i].Message = ""
	}
	var want []batchError
	if err := json.Unmarshal(fixture(t, "v2_batch_partial_errors.json"), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(body.Errors, want) {
		t.Errorf("errors\n got %+v\nwant %+v", body.Errors, want)
	}
	// The valid items 0, 5, 6 and 8 were applied.
	p, ok := srv.Person("1")
	if !ok || p.Email != "one@example.com" || p.Attributes["plan"] != "pro" {
		t.Fatalf("person 1 %+v", p)
	}
	if len(p.Devices) != 1 || p.Devices[0].Token != "tok-1" {
		t.Errorf("devices %+v", p.Devices)
	}
	if ev := srv.Events("1"); len(ev) != 1 || ev[0].Name != "purchase" || ev[0].Data["price"] != 5.0 {
		t.Errorf("events %+v", ev)
	}
	o, ok := srv.Object("1", "acme")
	if !ok || o.Attributes["tier"] != "gold" || o.TypeID != "1" || o.ID != "acme" || o.CIOObjectID == "" {
		t.Errorf("object %+v", o)
	}
	rels := srv.Relationships()
	if len(rels) != 1 || rels[0].Person.ID != "1" || rels[0].Object != o.Object || rels[0].Attributes["role"] != "admin" {
		t.Errorf("relationships %+v", rels)
	}
	if _, ok := srv.Person("2"); ok {
		t.Error("invalid item 2 was applied")
	}
	if len(srv.Metrics()) != 0 {
		t.Error("invalid delivery event was applied")
	}
}

func TestEntity(t *testing.T) {
	srv := newTestServer(t)
	ops := []map[string]any{
		{"type": "person", "action": "identify", "identifiers": map[string]any{"email": "p@example.com"}, "attributes": map[string]any{"plan": "pro"}},
		{"type": "person", "action": "identify", "identifiers": map[string]any{"phone": "+15550001111"}, "attributes": map[string]any{"phone": "+15550001111"}},
		{"type": "person", "action": "page", "identifiers": map[string]any{"email": "p@example.com"}, "name": "/pricing", "id": "01J00000000000000000000001"},
		{"type": "person", "action": "page", "identifiers": map[string]any{"email": "p@example.com"}, "name": "/pricing", "id": "01J00000000000000000000001"},
		{"type": "person", "action": "screen", "identifiers": map[string]any{"email": "p@example.com"}, "name": "Home"},
		{"type": "delivery", "action": "event", "identifiers": map[string]any{"id": "dlv_9"}, "name": "opened", "attributes": map[string]any{"device_token": "tok"}},
		{"type": "object", "action": "identify_anonymous", "identifiers": map[string]any{"object_type_id": "2", "object_id": "cart-1"}, "cio_relationships": []any{map[string]any{"identifiers": map[string]any{"anonymous_id": "anon-9"}}}},
		{"type": "person", "action": "add_relationships", "identifiers": map[string]any{"email": "p@example.com"}, "cio_relationships": []any{map[string]any{"identifiers": map[string]any{"object_type_id": "1", "object_id": "acme"}}}},
		{"type": "person", "action": "delete_relationships", "identifiers": map[string]any{"email": "p@example.com"}, "cio_relationships": []any{map[string]any{"identifiers": map[string]any{"object_type_id": "1", "object_id": "acme"}}}},
		{"type": "person", "action": "suppress", "identifiers": map[string]any{"phone": "+15550001111"}},
	}
	for _, op := range ops {
		srv.mustDo(t, http.StatusOK, track(http.MethodPost, "/api/v2/entity", op))
	}
	if ev := srv.Events("p@example.com"); len(ev) != 2 || ev[0].Type != "page" || ev[1].Type != "screen" {
		t.Errorf("events %+v", ev)
	}
	if m := srv.Metrics(); len(m) != 1 || m[0] != (MetricReport{DeliveryID: "dlv_9", Metric: "opened", DeviceToken: "tok", Source: "entity"}) {
		t.Errorf("metrics %+v", m)
	}
	rels := srv.Relationships()
	if len(rels) != 1 || rels[0].AnonymousID != "anon-9" || rels[0].Object.TypeID != "2" {
		t.Errorf("relationships %+v", rels)
	}
	if len(srv.People()) != 1 {
		t.Errorf("people %+v", srv.People())
	}
}

func TestEntityRefused(t *testing.T) {
	srv := newTestServer(t)
	big := map[string]any{"type": "person", "action": "identify", "identifiers": map[string]any{"id": "1"},
		"attributes": map[string]any{"bio": strings.Repeat("x", customerio.MaxEntityBytes)}}
	tests := []struct {
		name      string
		body      any
		wantField string
	}{
		{"over 32000 bytes", big, ""},
		{"not JSON", "{", ""},
		{"unknown type", map[string]any{"type": "robot", "action": "identify"}, "type"},
		{"no action", map[string]any{"type": "person", "identifiers": map[string]any{"id": "1"}}, "action"},
		{"object event", map[string]any{"type": "object", "action": "event", "identifiers": map[string]any{"object_type_id": "1", "object_id": "a"}, "name": "x"}, "action"},
		{"bad object type id", map[string]any{"type": "object", "action": "identify", "identifiers": map[string]any{"object_type_id": "0", "object_id": "a"}}, "identifiers.object_type_id"},
		{"device without platform", map[string]any{"type": "person", "action": "add_device", "identifiers": map[string]any{"id": "1"}, "device": map[string]any{"token": "t"}}, "device.platform"},
		{"relationships missing", map[string]any{"type": "person", "action": "add_relationships", "identifiers": map[string]any{"id": "1"}}, "cio_relationships"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, "/api/v2/entity", tt.body))
			var body struct {
				Errors []struct{ Reason, Field, Message string }
			}
			resp.decode(t, &body)
			if len(body.Errors) == 0 || body.Errors[0].Reason == "" || body.Errors[0].Message == "" {
				t.Fatalf("body %s", resp.body)
			}
			if body.Errors[0].Field != tt.wantField {
				t.Errorf("field %q, want %q", body.Errors[0].Field, tt.wantField)
			}
		})
	}
	if len(srv.People()) != 0 {
		t.Error("a refused entity was applied")
	}
}

// TestEntitySizeBoundary accepts a body of exactly MaxEntityBytes and refuses
// one byte more.
func TestEntitySizeBoundary(t *testing.T) {
	srv := newTestServer(t)
	// The attribute value limit is 1000 bytes, so the body is filled with
	// many attributes.
	many := func(size int) []byte {
		var b strings.Builder
		b.WriteString(`{"type":"person","action":"identify","identifiers":{"id":"1"},"attributes":{`)
		for i := 0; b.Len() < size-950; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"k` + itoa(i) + `":"` + strings.Repeat("v", 900) + `"`)
		}
		b.WriteString(`,"pad":"`)
		pad := size - b.Len() - len(`"}}`)
		b.WriteString(strings.Repeat("p", pad) + `"}}`)
		return []byte(b.String())
	}
	exact := many(customerio.MaxEntityBytes)
	if len(exact) != customerio.MaxEntityBytes {
		t.Fatalf("built %d bytes", len(exact))
	}
	srv.mustDo(t, http.StatusOK, track(http.MethodPost, "/api/v2/entity", exact))
	srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, "/api/v2/entity", many(customerio.MaxEntityBytes+1)))
}

func TestBatchLimits(t *testing.T) {
	srv := newTestServer(t)
	item := func(id string, pad int) map[string]any {
		return map[string]any{"type": "person", "action": "event", "identifiers": map[string]any{"id": id}, "name": "e",
			"attributes": map[string]any{"pad": strings.Repeat("x", pad)}}
	}
	// One item over 32000 bytes: that item fails with 207, the others land.
	resp := srv.mustDo(t, http.StatusMultiStatus, track(http.MethodPost, "/api/v2/batch", map[string]any{
		"batch": []any{item("1", 10), item("2", customerio.MaxEntityBytes), item("3", 10)},
	}))
	var body struct{ Errors []batchError }
	resp.decode(t, &body)
	if len(body.Errors) != 1 || body.Errors[0].BatchIndex != 1 || body.Errors[0].Reason != "too_large" {
		t.Errorf("errors %+v", body.Errors)
	}
	if len(srv.Events("1")) != 1 || len(srv.Events("3")) != 1 || len(srv.Events("2")) != 0 {
		t.Error("the valid items around the oversize one were not applied")
	}
	// A whole body over 500000 bytes: 400, nothing applied.
	var batch []any
	for i := range 20 {
		batch = append(batch, item("big"+itoa(i), 30_000))
	}
	resp = srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, "/api/v2/batch", map[string]any{"batch": batch}))
	var refused struct{ Errors []problem }
	resp.decode(t, &refused)
	if len(refused.Errors) != 1 || refused.Errors[0].Reason != "too_large" {
		t.Errorf("body %s", resp.body)
	}
	if len(srv.Events("big0")) != 0 {
		t.Error("an oversize batch was applied")
	}
	srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, "/api/v2/batch", map[string]any{"items": []any{}}))
	srv.mustDo(t, http.StatusBadRequest, track(http.MethodPost, "/api/v2/batch", `{"batch":{}}`))
}

func TestV2MergeSuppressDelete(t *testing.T) {
	srv := newTestServer(t)
	entity := func(op map[string]any) { srv.mustDo(t, 200, track(http.MethodPost, "/api/v2/entity", op)) }
	entity(map[string]any{"type": "person", "action": "identify", "identifiers": map[string]any{"id": "a"}, "attributes": map[string]any{"x": 1}})
	entity(map[string]any{"type": "person", "action": "identify", "identifiers": map[string]any{"id": "b"}, "attributes": map[string]any{"y": 2}})
	entity(map[string]any{"type": "person", "action": "merge", "primary": map[string]any{"id": "a"}, "secondary": map[string]any{"id": "b"}})
	if p, _ := srv.Person("a"); p.Attributes["y"] != 2.0 {
		t.Errorf("merge: %+v", p)
	}
	if _, ok := srv.Person("b"); ok {
		t.Error("secondary survived the merge")
	}
	entity(map[string]any{"type": "person", "action": "unsuppress", "identifiers": map[string]any{"id": "z"}})
	entity(map[string]any{"type": "object", "action": "identify", "identifiers": map[string]any{"object_type_id": "1", "object_id": "o"}})
	o, _ := srv.Object("1", "o")
	entity(map[string]any{"type": "object", "action": "identify", "identifiers": map[string]any{"cio_object_id": o.CIOObjectID}, "attributes": map[string]any{"k": "v"}})
	if o, _ = srv.Object("1", "o"); o.Attributes["k"] != "v" {
		t.Errorf("update by cio_object_id: %+v", o)
	}
	entity(map[string]any{"type": "object", "action": "delete", "identifiers": map[string]any{"object_type_id": "1", "object_id": "o"}})
	entity(map[string]any{"type": "person", "action": "delete", "identifiers": map[string]any{"id": "a"}})
	if len(srv.Objects()) != 0 || len(srv.People()) != 0 {
		t.Errorf("objects %+v people %+v", srv.Objects(), srv.People())
	}
}
