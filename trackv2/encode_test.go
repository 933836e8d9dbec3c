package trackv2

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

func isULID(s string) bool {
	if len(s) != 26 || s[0] > '7' {
		return false
	}
	for _, r := range s {
		if !bytes.ContainsRune([]byte(crockford), r) {
			return false
		}
	}
	return true
}

// sentID returns the id field of a JSON op, and whether it has one.
func sentID(t *testing.T, body []byte) (string, bool) {
	t.Helper()
	var v struct {
		ID *string `json:"id"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if v.ID == nil {
		return "", false
	}
	return *v.ID, true
}

func TestEventsGetAGeneratedULID(t *testing.T) {
	p, o := customerio.ByID("1"), customerio.ObjectByID("1", "a")
	events := map[string]Op{
		"person event":   TrackPersonEvent(p, "e", nil),
		"page":           PersonPageview(p, "/", nil),
		"screen":         PersonScreen(p, "s", nil),
		"delivery event": TrackDeliveryEvent(DeliveryID("d"), customerio.MetricDelivered, "tok", nil),
	}
	for name, op := range events {
		t.Run(name, func(t *testing.T) {
			first, err := encodeOp("test", op, -1)
			if err != nil {
				t.Fatal(err)
			}
			second, err := encodeOp("test", op, -1)
			if err != nil {
				t.Fatal(err)
			}
			id1, ok := sentID(t, first)
			if !ok || !isULID(id1) {
				t.Errorf("id %q, want a 26-character ULID", id1)
			}
			if id2, _ := sentID(t, second); id2 == id1 {
				t.Errorf("two encodings share the id %q", id1)
			}
			if op.ID != "" {
				t.Errorf("the caller's op was given the id %q", op.ID)
			}
		})
	}
	for _, op := range []Op{IdentifyPerson(p, nil), DeletePerson(p), IdentifyObject(o, nil), SuppressPerson(p)} {
		b, err := encodeOp("test", op, -1)
		if err != nil {
			t.Fatal(err)
		}
		if id, ok := sentID(t, b); ok {
			t.Errorf("%s %s was sent with the id %q", op.Type, op.Action, id)
		}
	}
	if id := NewEventID(); !isULID(id) {
		t.Errorf("NewEventID() = %q", id)
	}
}

// TestRetriesSendIdenticalBytes checks that the event id is assigned once per
// call: a retried request repeats the same body, so Customer.io can drop the
// repeat.
func TestRetriesSendIdenticalBytes(t *testing.T) {
	calls := map[string]func(c *Client) error{
		"Send": func(c *Client) error {
			return c.TrackPersonEvent(t.Context(), customerio.ByID("1"), "e", map[string]any{"n": 1})
		},
		"Batch": func(c *Client) error {
			_, err := c.Batch(t.Context(), []Op{TrackPersonEvent(customerio.ByID("1"), "e", nil), PersonScreen(customerio.ByID("1"), "s", nil)})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			// 503 is retryable only for a request marked safe to repeat.
			c, rec := newTestClient(t, func(n int, _ request) (int, string) {
				if n < 2 {
					return http.StatusServiceUnavailable, ""
				}
				return http.StatusOK, "{}"
			}, customerio.WithRetry(retry.Exponential(retry.MaxAttempts(3), retry.Random(func() float64 { return 0 }))))
			if err := call(c); err != nil {
				t.Fatal(err)
			}
			reqs := rec.requests()
			if len(reqs) != 3 {
				t.Fatalf("%d attempts, want 3", len(reqs))
			}
			for _, r := range reqs[1:] {
				if !bytes.Equal(r.Body, reqs[0].Body) {
					t.Errorf("a retry sent different bytes:\n%s\n%s", reqs[0].Body, r.Body)
				}
			}
		})
	}
}

func TestTimesAreUnixSecondsAndInputsAreNotChanged(t *testing.T) {
	when := time.Date(2024, 5, 6, 7, 8, 9, 500_000_000, time.FixedZone("CEST", 2*3600))
	ptr := when
	attrs := map[string]any{"at": when, "ptr": &ptr, "list": []any{when}, "nested": map[string]any{"at": when}}
	relAttrs := map[string]any{"since": when}
	devAttrs := map[string]any{"seen": when}
	attrsBefore, relBefore, devBefore := maps.Clone(attrs), maps.Clone(relAttrs), maps.Clone(devAttrs)
	rels := []customerio.Relationship{{Object: customerio.ObjectByID("1", "a"), Attributes: relAttrs}}

	c, rec := newTestClient(t, ok200)
	identify := IdentifyPerson(customerio.ByID("1"), attrs, WithTimestamp(when), WithRelationships(rels...))
	device := AddPersonDevice(customerio.ByID("1"), customerio.Device{Token: "t", Platform: customerio.PlatformAndroid, LastUsed: when, Attributes: devAttrs})
	identifyBefore := identify
	if err := c.Send(t.Context(), identify); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Batch(t.Context(), []Op{device, identify}); err != nil {
		t.Fatal(err)
	}

	const unix = 1714972089
	want := `{"type":"person","action":"identify","identifiers":{"id":"1"},"timestamp":1714972089,` +
		`"attributes":{"at":1714972089,"list":[1714972089],"nested":{"at":1714972089},"ptr":1714972089},` +
		`"cio_relationships":[{"identifiers":{"object_type_id":"1","object_id":"a"},"relationship_attributes":{"since":1714972089}}]}`
	wantDevice := `{"type":"person","action":"add_device","identifiers":{"id":"1"},` +
		`"device":{"token":"t","platform":"android","last_used":1714972089,"attributes":{"seen":1714972089}}}`
	reqs := rec.requests()
	if got := string(reqs[0].Body); got != want {
		t.Errorf("entity body\n got %s\nwant %s", got, want)
	}
	if got := string(reqs[1].Body); got != `{"batch":[`+wantDevice+","+want+`]}` {
		t.Errorf("batch body %s", got)
	}
	if when.Unix() != unix {
		t.Fatalf("test constant: %d", when.Unix())
	}

	for name, pair := range map[string][2]map[string]any{
		"attributes":              {attrs, attrsBefore},
		"relationship attributes": {relAttrs, relBefore},
		"device attributes":       {devAttrs, devBefore},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("the caller's %s changed: %v", name, pair[0])
		}
	}
	if _, ok := attrs["at"].(time.Time); !ok {
		t.Errorf("attrs[at] is now %T", attrs["at"])
	}
	if !reflect.DeepEqual(identify, identifyBefore) || rels[0].Attributes["since"] != when {
		t.Error("the caller's op changed")
	}
}

func TestEncodeOpResultIsIndependent(t *testing.T) {
	first, err := encodeOp("test", IdentifyPerson(customerio.ByID("first"), nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	kept := string(first)
	for range 10 {
		if _, err := encodeOp("test", IdentifyPerson(customerio.ByID("later"), map[string]any{"a": "b"}), -1); err != nil {
			t.Fatal(err)
		}
	}
	if string(first) != kept {
		t.Errorf("an earlier result changed: %s", first)
	}
}

func TestEncodeBatchItemsAreTheBodyParts(t *testing.T) {
	ops := []Op{IdentifyPerson(customerio.ByID("1"), nil), DeletePerson(customerio.ByEmail("a@example.com")), SuppressPerson(customerio.ByID("2"))}
	body, items, err := encodeBatch("test", ops)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendBatchBody(nil, items); !bytes.Equal(got, body) {
		t.Errorf("items assemble to\n%s\nnot the body\n%s", got, body)
	}
	total := 0
	for i, item := range items {
		one, err := encodeOp("test", ops[i], i)
		if err != nil || !bytes.Equal(one, item) {
			t.Errorf("item %d: %s, encodeOp gives %s (%v)", i, item, one, err)
		}
		total += len(item)
	}
	if n := batchBodySize(len(items), total); n != len(body) {
		t.Errorf("batchBodySize %d, body %d bytes", n, len(body))
	}
	for count, want := range map[int]int{0: len(`{"batch":[]}`), 1: len(`{"batch":[]}`) + 5, 3: len(`{"batch":[]}`) + 5 + 2} {
		if got := batchBodySize(count, map[int]int{0: 0, 1: 5, 3: 5}[count]); got != want {
			t.Errorf("batchBodySize(%d) = %d, want %d", count, got, want)
		}
	}
}

// TestConcurrentUse shares one client between goroutines; run with -race.
func TestConcurrentUse(t *testing.T) {
	c, rec := newTestClient(t, ok200)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				p := customerio.ByID(fmt.Sprint(g, "-", i))
				if err := c.TrackPersonEvent(t.Context(), p, "e", map[string]any{"at": time.Unix(int64(i), 0)}); err != nil {
					t.Error(err)
				}
				if _, err := c.Batch(t.Context(), []Op{IdentifyPerson(p, nil), TrackPersonEvent(p, "e", nil)}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if n := len(rec.requests()); n != 160 {
		t.Errorf("%d requests, want 160", n)
	}
}
