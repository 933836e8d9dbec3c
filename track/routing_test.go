package track

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// roundTripFunc answers requests in memory, without any network.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// urlRecorder is an *http.Client that records each request's URL and answers
// 200 with body.
func urlRecorder(body string) (*http.Client, func() []string) {
	var (
		mu   sync.Mutex
		urls []string
	)
	c := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		urls = append(urls, r.URL.String())
		mu.Unlock()
		if r.Body != nil {
			_ = r.Body.Close()
		}
		return &http.Response{
			StatusCode: http.StatusOK,
			Header:     http.Header{"Content-Type": {"application/json"}},
			Body:       io.NopCloser(strings.NewReader(body)),
			Request:    r,
		}, nil
	})}
	return c, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), urls...)
	}
}

func TestRegionRouting(t *testing.T) {
	tests := []struct {
		name string
		opts []customerio.Option
		want string
	}{
		{"default is US", nil, "https://track.customer.io"},
		{"US", []customerio.Option{customerio.WithRegion(customerio.RegionUS)}, "https://track.customer.io"},
		{"EU", []customerio.Option{customerio.WithRegion(customerio.RegionEU)}, "https://track-eu.customer.io"},
		{"base URL wins over EU", []customerio.Option{
			customerio.WithRegion(customerio.RegionEU), customerio.WithBaseURL("http://proxy.internal:8080/cio/"),
		}, "http://proxy.internal:8080/cio"},
		{"base URL before EU still wins", []customerio.Option{
			customerio.WithBaseURL("http://proxy.internal:8080"), customerio.WithRegion(customerio.RegionEU),
		}, "http://proxy.internal:8080"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc, urls := urlRecorder("{}")
			c, err := New(testSite, testKey, append(tt.opts, customerio.WithHTTPClient(hc))...)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Identify(t.Context(), "42", nil); err != nil {
				t.Fatal(err)
			}
			if err := c.Unsubscribe(t.Context(), "dlv-1", true); err != nil {
				t.Fatal(err)
			}
			want := []string{tt.want + "/api/v1/customers/42", tt.want + "/unsubscribe/dlv-1"}
			if got := urls(); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("URLs = %v, want %v", got, want)
			}
			if !strings.Contains(c.String(), tt.want) {
				t.Errorf("String() = %q, want it to name %s", c, tt.want)
			}
		})
	}
}

// TestV2SharesRegionAndOptions checks parity point D1 for both APIs: an EU client
// sends v1 and v2 calls to the EU Track host, through the same HTTP client.
func TestV2SharesRegionAndOptions(t *testing.T) {
	hc, urls := urlRecorder("{}")
	c, err := New("site", "key", customerio.WithRegion(customerio.RegionEU), customerio.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if v2 := c.V2(); v2 == nil || v2 != c.V2() {
		t.Fatal("V2 must return one shared client")
	}
	if err := c.Identify(t.Context(), "1", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.V2().IdentifyPerson(t.Context(), customerio.ByID("1"), nil); err != nil {
		t.Fatal(err)
	}
	got := urls()
	want := []string{"https://track-eu.customer.io/api/v1/customers/1", "https://track-eu.customer.io/api/v2/entity"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("requests went to %v, want %v", got, want)
	}
}
