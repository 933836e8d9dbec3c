package pipelines_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		opts    []customerio.Option
		wantErr string
	}{
		{"empty write key", "", nil, "writeKey: must not be blank"},
		{"write key with a colon", "a:b", nil, "writeKey: must not contain ':'"},
		{"batch size", testKey, []customerio.Option{pipelines.WithBatchSize(0)}, "WithBatchSize: must be at least 1"},
		{"flush interval", testKey, []customerio.Option{pipelines.WithFlushInterval(-time.Second)}, "WithFlushInterval: must be positive"},
		{"queue bytes", testKey, []customerio.Option{pipelines.WithMaxQueueBytes(0)}, "WithMaxQueueBytes: must be positive"},
		{"queue smaller than a batch", testKey, []customerio.Option{pipelines.WithMaxQueueBytes(1000)}, "MaxQueueBytes: must hold at least one largest item"},
		{"full policy", testKey, []customerio.Option{pipelines.WithOnFull(pipelines.FullPolicy(7))}, "WithOnFull: must be pipelines.Block or pipelines.Drop"},
		{"uploaders", testKey, []customerio.Option{pipelines.WithUploaders(0)}, "WithUploaders: must be at least 1"},
		{"max in flight", testKey, []customerio.Option{pipelines.WithMaxInFlight(0)}, "WithMaxInFlight: must be at least 1"},
		{"max in flight with uploaders", testKey, []customerio.Option{pipelines.WithMaxInFlight(8), pipelines.WithUploaders(2)}, "MaxInFlight: cannot be set together with Uploaders"},
		{"queue retry", testKey, []customerio.Option{pipelines.WithQueueRetry(time.Second, -1, 0)}, "WithQueueRetry: delays must not be negative"},
		{"shared option", testKey, []customerio.Option{customerio.WithBaseURL("ftp://x")}, "scheme must be http or https"},
		{"two bad options", testKey, []customerio.Option{pipelines.WithBatchSize(-1), pipelines.WithUploaders(-1)}, "WithBatchSize: must be at least 1\npipelines: WithUploaders"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := pipelines.New(tc.key, tc.opts...)
			if err == nil {
				_ = c.Close(t.Context())
				t.Fatal("New succeeded")
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %q, want it to contain %q", err, tc.wantErr)
			}
			var ve *customerio.ValidationError
			if tc.key != testKey && !errors.As(err, &ve) {
				t.Errorf("error %T, want a *customerio.ValidationError", err)
			}
		})
	}
}

// TestHosts checks the base URL from the region, and that WithBaseURL wins in
// any order.
func TestHosts(t *testing.T) {
	tests := []struct {
		opts []customerio.Option
		want string
	}{
		{nil, "https://cdp.customer.io"},
		{[]customerio.Option{customerio.WithRegion(customerio.RegionEU)}, "https://cdp-eu.customer.io"},
		{[]customerio.Option{customerio.WithRegion(customerio.RegionEU), customerio.WithBaseURL("https://collector.example/segment")}, "https://collector.example/segment"},
		{[]customerio.Option{customerio.WithBaseURL("https://collector.example"), customerio.WithRegion(customerio.RegionEU)}, "https://collector.example"},
	}
	for _, tc := range tests {
		c := newClient(t, tc.opts...)
		if want := "pipelines.Client{base: " + tc.want + "}"; c.String() != want {
			t.Errorf("String() = %q, want %q", c.String(), want)
		}
	}
}

// TestBaseURLPrefix checks that a collector's path prefix is kept.
func TestBaseURLPrefix(t *testing.T) {
	rec := newRecorder(t, nil)
	c := newClient(t, customerio.WithBaseURL(serve(t, rec).URL+"/v2/segment"))
	if err := c.Send(t.Context(), pipelines.Screen{UserID: "1"}); err != nil {
		t.Fatal(err)
	}
	if got := rec.requests()[0].Path; got != "/v2/segment/v1/screen" {
		t.Errorf("path %s", got)
	}
}
