package customeriotest

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"reflect"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPipelinesGzipBatch sends a gzip-encoded batch: valid items are applied,
// the invalid one and the repeated messageId are recorded as dropped, and the
// batch context reaches every item.
func TestPipelinesGzipBatch(t *testing.T) {
	srv := newTestServer(t)
	raw := fixture(t, "pipelines_batch.json")
	req := pipelines("/v1/batch", gzipped(t, raw))
	req.header = map[string]string{"Content-Encoding": "gzip"}
	srv.mustDo(t, http.StatusOK, req)

	msgs := srv.PipelineMessages()
	if len(msgs) != 6 {
		t.Fatalf("%d messages", len(msgs))
	}
	var dropped []string
	for _, m := range msgs {
		if !m.Batch {
			t.Errorf("message %s not marked as batch", m.MessageID)
		}
		if m.Dropped {
			dropped = append(dropped, m.MessageID+": "+m.DropReason)
		}
	}
	if want := []string{"m4: batch[3].userId is required", "m2: duplicate messageId"}; !reflect.DeepEqual(dropped, want) {
		t.Errorf("dropped %q, want %q", dropped, want)
	}
	track := msgs[1]
	if track.Event != "Order Completed" || track.Properties["total"] != 12.5 {
		t.Errorf("track message %+v", track)
	}
	wantCtx := map[string]any{"library": map[string]any{"name": "customerio-go"}, "ip": "10.0.0.1"}
	if !reflect.DeepEqual(track.Context, wantCtx) || track.Integrations["All"] != true {
		t.Errorf("context %v integrations %v", track.Context, track.Integrations)
	}
	p, ok := srv.Person("u1")
	if !ok || p.Email != "u1@example.com" || p.Attributes["plan"] != "pro" {
		t.Fatalf("person %+v", p)
	}
	if ev := srv.Events("u1"); len(ev) != 1 || ev[0].ID != "m2" || ev[0].Name != "Order Completed" {
		t.Errorf("events %+v", ev)
	}
	if ev := srv.AnonymousEvents(); len(ev) != 1 || ev[0].Type != "page" || ev[0].Name != "Pricing" || ev[0].AnonymousID != "a1" {
		t.Errorf("anonymous events %+v", ev)
	}
	if o, ok := srv.Object("2", "acme"); !ok || o.Attributes["name"] != "Acme" || o.Attributes["relationshipAttributes"] != nil {
		t.Errorf("object %+v", o)
	}
	if r := srv.Relationships(); len(r) != 1 || r[0].Person.ID != "u1" || r[0].Attributes["role"] != "owner" {
		t.Errorf("relationships %+v", r)
	}
	log := srv.Requests()
	if !bytes.Equal(log[len(log)-1].Body, raw) {
		t.Error("the request log does not hold the decoded body")
	}
}

func TestPipelinesStrictMode(t *testing.T) {
	srv := newTestServer(t)
	strict := func(r request) request {
		r.header = map[string]string{"X-Strict-Mode": "1"}
		return r
	}
	tests := []struct {
		name      string
		req       request
		wantField string
	}{
		{"track without event", pipelines("/v1/track", map[string]any{"userId": "1"}), "event"},
		{"identify without user", pipelines("/v1/identify", map[string]any{"traits": map[string]any{"plan": "x"}}), "userId"},
		{"group without groupId", pipelines("/v1/group", map[string]any{"userId": "1"}), "groupId"},
		{"alias without previousId", pipelines("/v1/alias", map[string]any{"userId": "1"}), "previousId"},
		{"bad timestamp", pipelines("/v1/page", map[string]any{"userId": "1", "timestamp": "yesterday"}), "timestamp"},
		{"device without token", pipelines("/v1/track", map[string]any{"userId": "1", "event": "Device Created or Updated"}), "context.device.token"},
		{"delivery without metric", pipelines("/v1/track", map[string]any{"anonymousId": "a", "event": "Report Delivery Event", "properties": map[string]any{"deliveryId": "d"}}), "properties.metric"},
		{"over 32000 bytes", pipelines("/v1/track", map[string]any{"userId": "1", "event": "e", "properties": map[string]any{"p": strings.Repeat("x", customerio.MaxEntityBytes)}}), ""},
		{"batch item of unknown type", pipelines("/v1/batch", map[string]any{"batch": []any{map[string]any{"type": "track", "userId": "2", "event": "ok"}, map[string]any{"type": "poke"}}}), "batch[1].type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(srv.PipelineMessages())
			// Without strict mode: 200, and the message is recorded as dropped.
			srv.mustDo(t, http.StatusOK, tt.req)
			msgs := srv.PipelineMessages()
			if len(msgs) == before || !msgs[before].Dropped && !msgs[len(msgs)-1].Dropped {
				t.Fatalf("not recorded as dropped: %+v", msgs[before:])
			}
			// With strict mode: 400 {"errors":[{reason, field, message}]}.
			resp := srv.mustDo(t, http.StatusBadRequest, strict(tt.req))
			var body struct {
				Errors []problem
			}
			resp.decode(t, &body)
			if len(body.Errors) == 0 || body.Errors[0].Field != tt.wantField || body.Errors[0].Reason == "" || body.Errors[0].Message == "" {
				t.Errorf("body %s, want field %q", resp.body, tt.wantField)
			}
		})
	}
	if _, ok := srv.Person("1"); ok {
		t.Error("a dropped message was applied")
	}
	// A strict batch with one bad item applies none of it.
	srv.mustDo(t, http.StatusBadRequest, strict(pipelines("/v1/batch", map[string]any{"batch": []any{
		map[string]any{"type": "track", "userId": "3", "event": "ok"}, map[string]any{"type": "track", "userId": "3"},
	}})))
	msgs := srv.PipelineMessages()
	last := msgs[len(msgs)-2:]
	if !last[0].Dropped || last[0].DropReason != "the batch was rejected in strict mode" || last[1].DropReason != "batch[1].event is required" {
		t.Errorf("strict batch recorded as %+v", last)
	}
	if _, ok := srv.Person("3"); ok {
		t.Error("a rejected strict batch was applied")
	}
	srv.mustDo(t, http.StatusOK, strict(pipelines("/v1/track", map[string]any{"userId": "1", "event": "fine", "timestamp": "2024-05-06T07:08:09.123Z"})))
	if ev := srv.Events("1"); len(ev) != 1 || ev[0].Timestamp != 1714979289 {
		t.Errorf("events %+v", ev)
	}
}

func TestPipelinesBatchOverLimit(t *testing.T) {
	srv := newTestServer(t)
	var batch []any
	for i := range 20 {
		batch = append(batch, map[string]any{"type": "track", "userId": itoa(i), "event": "e", "properties": map[string]any{"p": strings.Repeat("x", 30_000)}})
	}
	srv.mustDo(t, http.StatusOK, pipelines("/v1/batch", map[string]any{"batch": batch}))
	msgs := srv.PipelineMessages()
	if len(msgs) != 20 {
		t.Fatalf("%d messages", len(msgs))
	}
	for _, m := range msgs {
		if !m.Dropped || !strings.Contains(m.DropReason, "500000") {
			t.Fatalf("message %s: dropped %v (%s)", m.UserID, m.Dropped, m.DropReason)
		}
	}
	req := pipelines("/v1/batch", map[string]any{"batch": batch})
	req.header = map[string]string{"X-Strict-Mode": "1"}
	srv.mustDo(t, http.StatusBadRequest, req)
	if len(srv.People()) != 0 {
		t.Error("an oversize batch was applied")
	}
}

func TestPipelinesSemanticEvents(t *testing.T) {
	srv := newTestServer(t)
	send := func(event string, extra map[string]any) {
		t.Helper()
		body := map[string]any{"userId": "u", "event": event}
		for k, v := range extra {
			body[k] = v
		}
		req := pipelines("/v1/track", body)
		req.header = map[string]string{"X-Strict-Mode": "1"}
		srv.mustDo(t, http.StatusOK, req)
	}
	srv.mustDo(t, http.StatusOK, pipelines("/v1/identify", map[string]any{"userId": "u", "anonymousId": "a", "traits": map[string]any{"plan": "x"}}))
	send("Device Created or Updated", map[string]any{"context": map[string]any{"device": map[string]any{"token": "t1", "type": "ios"}}})
	if p, _ := srv.Person("u"); len(p.Devices) != 1 || p.Devices[0].Platform != "ios" {
		t.Fatalf("devices %+v", p.Devices)
	}
	send("Device Deleted", map[string]any{"context": map[string]any{"device": map[string]any{"token": "t1"}}})
	send("Report Delivery Event", map[string]any{"properties": map[string]any{"deliveryId": "d1", "metric": "clicked", "href": "https://x"}})
	if m := srv.Metrics(); len(m) != 1 || m[0] != (MetricReport{DeliveryID: "d1", Metric: "clicked", Href: "https://x", Source: "pipelines"}) {
		t.Errorf("metrics %+v", m)
	}
	srv.mustDo(t, http.StatusOK, pipelines("/v1/group", map[string]any{"userId": "u", "groupId": "g"}))
	send("Relationship Deleted", map[string]any{"properties": map[string]any{"objectId": "g"}})
	if len(srv.Relationships()) != 0 {
		t.Error("relationship kept")
	}
	send("Object Deleted", map[string]any{"properties": map[string]any{"objectId": "g", "objectTypeId": 1}})
	if len(srv.Objects()) != 0 {
		t.Error("object kept")
	}
	send("User Suppressed", nil)
	if _, ok := srv.Person("u"); ok || !srv.Suppressed("u") {
		t.Error("User Suppressed did not suppress")
	}
	send("User Unsuppressed", nil)
	srv.mustDo(t, http.StatusOK, pipelines("/v1/identify", map[string]any{"traits": map[string]any{"email": "e@example.com"}}))
	if _, ok := srv.PersonByEmail("e@example.com"); !ok {
		t.Error("identify by traits.email did not create the person")
	}
	send("User Deleted", map[string]any{"userId": "u"})
	if p, _ := srv.Person("u"); len(p.Devices) != 0 {
		t.Errorf("devices %+v", p.Devices)
	}
}

// TestGzipBodies decodes gzip bodies on any route and refuses a body that only
// claims to be gzip.
func TestGzipBodies(t *testing.T) {
	srv := newTestServer(t)
	req := track(http.MethodPost, "/api/v2/entity", gzipped(t, []byte(`{"type":"person","action":"identify","identifiers":{"id":"g"}}`)))
	req.header = map[string]string{"Content-Encoding": "gzip"}
	srv.mustDo(t, http.StatusOK, req)
	if _, ok := srv.Person("g"); !ok {
		t.Error("the gzip entity was not applied")
	}
	bad := pipelines("/v1/track", `{"userId":"1","event":"e"}`)
	bad.header = map[string]string{"Content-Encoding": "gzip"}
	srv.mustDo(t, http.StatusBadRequest, bad)
}
