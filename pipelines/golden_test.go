package pipelines_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// versionMark stands for customerio.Version() in the golden files, which
// therefore do not change with the module's version.
const versionMark = "VERSION"

// checkGolden compares got, a compact JSON value, with testdata/golden/name.json
// byte for byte (after indenting): key order and number forms count.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, got, "", "  "); err != nil {
		t.Fatalf("%s: %v in %s", name, err, got)
	}
	pretty.WriteByte('\n')
	text := strings.ReplaceAll(pretty.String(), `"version": "`+customerio.Version()+`"`, `"version": "`+versionMark+`"`)
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if text != string(want) {
		t.Errorf("%s differs from %s:\n got: %s\nwant: %s", name, path, text, want)
	}
}

// goldenCases queue one message of each type, with pinned ids and times.
var goldenCases = []struct {
	name  string
	queue func(ctx context.Context, c *pipelines.Client) error
}{
	{"identify", func(ctx context.Context, c *pipelines.Client) error {
		return c.Identify(ctx, pipelines.Identify{
			UserID:      "42",
			AnonymousID: "anon-7",
			Traits: pipelines.Traits{}.
				SetEmail("ada@example.com").
				SetName("Ada Lovelace").
				SetFirstName("Ada").
				SetLastName("Lovelace").
				SetPhone("+15555550100").
				SetCreatedAt(time.Date(2023, 5, 6, 7, 8, 9, 0, time.UTC)).
				Set("plan", "pro").
				Set("seats", 12).
				Set("address", map[string]any{"city": "London", "country": "UK"}),
			Context:   pipelines.Context{}.SetIP("203.0.113.7").SetLocale("en-GB"),
			Timestamp: pinnedTime,
			MessageID: pinnedID,
		})
	}},
	{"identify_email_only", func(ctx context.Context, c *pipelines.Client) error {
		return c.Identify(ctx, pipelines.Identify{
			Traits:    pipelines.Traits{}.SetEmail("ada@example.com"),
			Timestamp: pinnedTime,
			MessageID: pinnedID,
		})
	}},
	{"track", func(ctx context.Context, c *pipelines.Client) error {
		return c.Track(ctx, pipelines.Track{
			UserID: "42",
			Event:  "Order Completed",
			Properties: pipelines.Properties{
				"order_id": "A-1",
				"total":    39.5,
				"currency": "EUR",
				"paid_at":  time.Date(2024, 1, 2, 3, 0, 0, 0, time.UTC),
				"items":    []any{map[string]any{"sku": "sku-1", "price": 19.75, "quantity": 2}},
				"html":     "<b>&</b>",
			},
			Integrations: pipelines.Integrations{}.Disable(pipelines.AllDestinations).Enable("Customer.io"),
			Timestamp:    pinnedTime,
			MessageID:    pinnedID,
		})
	}},
	{"track_device", func(ctx context.Context, c *pipelines.Client) error {
		return c.Track(ctx, pipelines.Track{
			UserID:    "42",
			Event:     "Device Created or Updated",
			Context:   pipelines.Context{}.SetDevice(pipelines.Device{Token: "tok-abc", Type: "ios", Model: "iPhone15,2"}).SetTimezone("Europe/London"),
			Timestamp: pinnedTime,
			MessageID: pinnedID,
		})
	}},
	{"page", func(ctx context.Context, c *pipelines.Client) error {
		return c.Page(ctx, pipelines.Page{
			AnonymousID: "anon-7",
			Name:        "Pricing",
			Properties:  pipelines.Properties{"url": "https://example.com/pricing?plan=pro", "title": "Pricing", "referrer": "https://search.example"},
			Context:     pipelines.Context{}.SetUserAgent("Mozilla/5.0"),
			Timestamp:   pinnedTime,
			MessageID:   pinnedID,
		})
	}},
	{"screen", func(ctx context.Context, c *pipelines.Client) error {
		return c.Screen(ctx, pipelines.Screen{
			UserID:     "42",
			Name:       "Settings",
			Properties: pipelines.Properties{"section": "notifications"},
			Timestamp:  pinnedTime,
			MessageID:  pinnedID,
		})
	}},
	{"group", func(ctx context.Context, c *pipelines.Client) error {
		return c.Group(ctx, pipelines.Group{
			UserID:                 "42",
			GroupID:                "acme",
			ObjectTypeID:           "2",
			Traits:                 pipelines.Traits{}.SetName("Acme Inc.").Set("plan", "enterprise"),
			RelationshipAttributes: map[string]any{"role": "admin"},
			Timestamp:              pinnedTime,
			MessageID:              pinnedID,
		})
	}},
	{"group_default_type", func(ctx context.Context, c *pipelines.Client) error {
		return c.Group(ctx, pipelines.Group{
			AnonymousID: "anon-7",
			GroupID:     "acme",
			Timestamp:   pinnedTime,
			MessageID:   pinnedID,
		})
	}},
	{"alias", func(ctx context.Context, c *pipelines.Client) error {
		return c.Alias(ctx, pipelines.Alias{
			PreviousID: "anon-7",
			UserID:     "42",
			Timestamp:  pinnedTime,
			MessageID:  pinnedID,
		})
	}},
}

// TestGolden checks the batch item each message type becomes, byte for byte.
func TestGolden(t *testing.T) {
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL), pipelines.WithQueue(customerio.QueueConfig{Uploaders: 1}))
	for _, tc := range goldenCases {
		if err := tc.queue(t.Context(), c); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	var items []json.RawMessage
	for _, r := range rec.requests() {
		items = append(items, decodeBatch(t, r.Body).Batch...)
	}
	if len(items) != len(goldenCases) {
		t.Fatalf("%d items sent, want %d", len(items), len(goldenCases))
	}
	for i, tc := range goldenCases {
		checkGolden(t, tc.name, items[i])
	}
}

// TestGoldenBatchAndSend checks a whole /v1/batch body and a single-call body,
// sentAt included, under a fixed clock.
func TestGoldenBatchAndSend(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := newRecorder(t, nil)
		c := newClient(t, customerio.WithBaseURL("https://cdp.test"), customerio.WithHTTPClient(inMemory(rec)))
		for _, id := range []string{"1", "2"} {
			if err := c.Track(t.Context(), pipelines.Track{UserID: id, Event: "Signed Up", Timestamp: pinnedTime, MessageID: pinnedID + "-" + id}); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := c.Send(t.Context(), pipelines.Track{UserID: "1", Event: "Signed Up", Properties: pipelines.Properties{"plan": "pro"}, Timestamp: pinnedTime, MessageID: pinnedID}); err != nil {
			t.Fatal(err)
		}
		reqs := rec.requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want 2", len(reqs))
		}
		checkGolden(t, "batch", reqs[0].Body)
		checkGolden(t, "send_track", reqs[1].Body)

		// The body is exactly the envelope, the items and a comma between
		// them: what the queue counted against customerio.MaxBatchBytes.
		b := decodeBatch(t, reqs[0].Body)
		envelope := len(`{"batch":[`) + len(`],"context":`) + len(b.Context) + len(`,"sentAt":"2000-01-01T00:00:00.000Z"}`)
		if want := envelope + len(b.Batch[0]) + 1 + len(b.Batch[1]); len(reqs[0].Body) != want {
			t.Errorf("batch body is %d bytes, want %d", len(reqs[0].Body), want)
		}
		for i, r := range reqs {
			if r.Method != http.MethodPost || r.Header.Get("Authorization") != testAuth || r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("request %d: %s, Authorization %q, Content-Type %q", i, r.Method, r.Header.Get("Authorization"), r.Header.Get("Content-Type"))
			}
		}
		if reqs[0].Path != "/v1/batch" || reqs[1].Path != "/v1/track" {
			t.Errorf("paths %s, %s; want /v1/batch, /v1/track", reqs[0].Path, reqs[1].Path)
		}
	})
}
