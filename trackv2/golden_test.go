package trackv2

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	customerio "github.com/gocustomerio/customerio"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// Pinned values, so that the golden payloads are stable.
var (
	goldenTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) // 1704164645
	goldenID   = WithID("01HMX5V0Q6Y1ZB9N2J7C4D8E3F")
)

// goldenCases sends one request for every action of the action matrix.
var goldenCases = []struct {
	name string
	path string
	call func(ctx context.Context, c *Client) error
}{
	{"person_identify", entityPath, func(ctx context.Context, c *Client) error {
		return c.IdentifyPerson(ctx, customerio.ByEmail("ada@example.com"), map[string]any{
			"first_name":   "Ada",
			"plan":         "pro",
			"signed_up_at": goldenTime,
			"tags":         []any{"beta", "vip"},
			"cio_subscription_preferences": map[string]any{
				"topics": map[string]any{"topic_1": true},
			},
		}, WithTimestamp(goldenTime), WithRelationships(customerio.Relationship{
			Object:     customerio.ObjectByID("1", "acme"),
			Attributes: map[string]any{"role": "admin", "since": goldenTime},
		}))
	}},
	{"person_identify_no_attributes", entityPath, func(ctx context.Context, c *Client) error {
		return c.IdentifyPerson(ctx, customerio.ByID("42"), nil)
	}},
	{"person_delete", entityPath, func(ctx context.Context, c *Client) error {
		return c.DeletePerson(ctx, customerio.ByCIOID("cio_03000001"))
	}},
	{"person_event", entityPath, func(ctx context.Context, c *Client) error {
		return c.TrackPersonEvent(ctx, customerio.ByID("42"), "purchased", map[string]any{
			"sku":     "A-1",
			"price":   19.99,
			"paid_at": goldenTime,
			"items":   []any{map[string]any{"sku": "A-1", "added_at": goldenTime}},
		}, goldenID, WithTimestamp(goldenTime))
	}},
	{"person_event_no_attributes", entityPath, func(ctx context.Context, c *Client) error {
		return c.TrackPersonEvent(ctx, customerio.ByPhone("+15555550100"), "logged_in", nil, goldenID)
	}},
	{"person_page", entityPath, func(ctx context.Context, c *Client) error {
		return c.PersonPageview(ctx, customerio.ByID("42"), "https://example.com/pricing?plan=pro&ref=<ad>", map[string]any{"referrer": "https://search.example"}, goldenID)
	}},
	{"person_screen", entityPath, func(ctx context.Context, c *Client) error {
		return c.PersonScreen(ctx, customerio.ByID("42"), "Settings", nil, goldenID)
	}},
	{"person_add_relationships", entityPath, func(ctx context.Context, c *Client) error {
		return c.AddPersonRelationships(ctx, customerio.ByID("42"), []customerio.Relationship{
			{Object: customerio.ObjectByID("1", "acme"), Attributes: map[string]any{"role": "admin"}},
			{Object: customerio.ObjectByCIOID("cio_obj_9")},
		})
	}},
	{"person_delete_relationships", entityPath, func(ctx context.Context, c *Client) error {
		return c.DeletePersonRelationships(ctx, customerio.ByID("42"), []customerio.Relationship{{Object: customerio.ObjectByID("1", "acme")}})
	}},
	{"person_add_device", entityPath, func(ctx context.Context, c *Client) error {
		return c.AddPersonDevice(ctx, customerio.ByID("42"), customerio.Device{
			Token:      "tok-abc",
			Platform:   customerio.PlatformIOS,
			LastUsed:   goldenTime,
			Attributes: map[string]any{"app_version": "2.1.0", "push_enabled": true},
		})
	}},
	{"person_delete_device", entityPath, func(ctx context.Context, c *Client) error {
		return c.DeletePersonDevice(ctx, customerio.ByID("42"), "tok-abc")
	}},
	{"person_merge", entityPath, func(ctx context.Context, c *Client) error {
		return c.MergePeople(ctx, customerio.ByEmail("ada@example.com"), customerio.ByID("old-42"))
	}},
	{"person_suppress", entityPath, func(ctx context.Context, c *Client) error {
		return c.SuppressPerson(ctx, customerio.ByEmail("ada@example.com"))
	}},
	{"person_unsuppress", entityPath, func(ctx context.Context, c *Client) error {
		return c.UnsuppressPerson(ctx, customerio.ByEmail("ada@example.com"))
	}},
	{"object_identify", entityPath, func(ctx context.Context, c *Client) error {
		return c.IdentifyObject(ctx, customerio.ObjectByID("1", "acme"), map[string]any{"name": "Acme", "seats": 50},
			WithRelationships(customerio.Relationship{Person: customerio.ByID("42"), Attributes: map[string]any{"role": "owner"}}))
	}},
	{"object_identify_anonymous", entityPath, func(ctx context.Context, c *Client) error {
		return c.IdentifyAnonymousObject(ctx, customerio.ObjectByID("2", "cart-7"), map[string]any{"total": 99.5},
			WithRelationships(customerio.Relationship{AnonymousID: "anon-1"}))
	}},
	{"object_delete", entityPath, func(ctx context.Context, c *Client) error {
		return c.DeleteObject(ctx, customerio.ObjectByCIOID("cio_obj_9"))
	}},
	{"object_add_relationships", entityPath, func(ctx context.Context, c *Client) error {
		return c.AddObjectRelationships(ctx, customerio.ObjectByID("1", "acme"), []customerio.Relationship{
			{Person: customerio.ByEmail("ada@example.com"), Attributes: map[string]any{"role": "admin"}},
			{Person: customerio.ByCIOID("cio_03000001")},
		})
	}},
	{"object_delete_relationships", entityPath, func(ctx context.Context, c *Client) error {
		return c.DeleteObjectRelationships(ctx, customerio.ObjectByID("1", "acme"), []customerio.Relationship{{Person: customerio.ByID("42")}})
	}},
	{"delivery_event", entityPath, func(ctx context.Context, c *Client) error {
		return c.TrackDeliveryEvent(ctx, DeliveryID("dlv-1"), customerio.MetricOpened, "tok-abc", map[string]any{"app_version": "2.1.0"},
			goldenID, WithTimestamp(goldenTime))
	}},
	{"batch_mixed", batchPath, func(ctx context.Context, c *Client) error {
		_, err := c.Batch(ctx, []Op{
			IdentifyPerson(customerio.ByID("42"), map[string]any{"plan": "pro"}),
			TrackPersonEvent(customerio.ByID("42"), "upgraded", map[string]any{"from": "free"}, goldenID),
			IdentifyObject(customerio.ObjectByID("1", "acme"), nil),
			SuppressPerson(customerio.ByEmail("spam@example.com")),
		})
		return err
	}},
}

func TestGoldenPayloads(t *testing.T) {
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testSite+":"+testKey))
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := newTestClient(t, ok200)
			if err := tc.call(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodPost || r.Path != tc.path {
				t.Errorf("request %s %s, want POST %s", r.Method, r.Path, tc.path)
			}
			if r.ContentType != "application/json" {
				t.Errorf("Content-Type %q", r.ContentType)
			}
			if r.Authorization != wantAuth {
				t.Errorf("Authorization %q, want Basic credentials of the site id and key", r.Authorization)
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, r.Body); err != nil || !bytes.Equal(compact.Bytes(), r.Body) {
				t.Errorf("body is not compact JSON (%v): %s", err, r.Body)
			}
			checkGolden(t, tc.name, r.Body)
		})
	}
}

// checkGolden compares body, indented, with testdata/golden/name.json, or
// rewrites that file under -update.
func checkGolden(t *testing.T, name string, body []byte) {
	t.Helper()
	var got bytes.Buffer
	if err := json.Indent(&got, body, "", "  "); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, body)
	}
	got.WriteByte('\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("payload differs from %s:\ngot:\n%s\nwant:\n%s", path, got.Bytes(), want)
	}
}
