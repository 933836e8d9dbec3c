package track

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/ids"
)

// BenchmarkTrack compares one Track call with the least a hand-written client
// does for the same event (build the body with json.Marshal, POST it with
// net/http over the same *http.Client), so the library's overhead reads as a
// ratio.
func BenchmarkTrack(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, "{}")
	}))
	defer srv.Close()
	at := time.Unix(1700000000, 0)
	data := map[string]any{"total": 39.5, "currency": "EUR", "at": at,
		"items": []any{map[string]any{"sku": "b-1", "qty": 2}, map[string]any{"sku": "c-9", "qty": 1}}}

	b.Run("track.Client", func(b *testing.B) {
		c, err := New(testSite, testKey, customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := c.Track(b.Context(), "42", "purchase", data); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("baseline net/http+json.Marshal", func(b *testing.B) {
		hc := srv.Client()
		plain := map[string]any{"total": 39.5, "currency": "EUR", "at": at.Unix(),
			"items": []any{map[string]any{"sku": "b-1", "qty": 2}, map[string]any{"sku": "c-9", "qty": 1}}}
		b.ReportAllocs()
		for b.Loop() {
			body, err := json.Marshal(map[string]any{"name": "purchase", "data": plain, "id": ids.ULID()})
			if err != nil {
				b.Fatal(err)
			}
			req, err := http.NewRequestWithContext(b.Context(), http.MethodPost, srv.URL+"/api/v1/customers/42/events", bytes.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", testAuth)
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}
	})
}
