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
		{"negative batch items", testKey, queue(customerio.QueueConfig{MaxBatchItems: -1}), "QueueConfig.MaxBatchItems: must not be negative"},
		{"batch bytes over the limit", testKey, queue(customerio.QueueConfig{MaxBatchBytes: customerio.MaxBatchBytes + 1}), "QueueConfig.MaxBatchBytes: must be between"},
		{"batch bytes below one message", testKey, queue(customerio.QueueConfig{MaxBatchBytes: 1000}), "QueueConfig.MaxBatchBytes: must be between"},
		{"flush interval", testKey, queue(customerio.QueueConfig{FlushInterval: -time.Second}), "QueueConfig.FlushInterval: must not be negative"},
		{"queue bytes", testKey, queue(customerio.QueueConfig{MaxQueueBytes: -1}), "QueueConfig.MaxQueueBytes: must not be negative"},
		{"queue smaller than a batch", testKey, queue(customerio.QueueConfig{MaxQueueBytes: 1000}), "QueueConfig.MaxQueueBytes: must hold at least one largest item"},
		{"full policy", testKey, queue(customerio.QueueConfig{OnFull: customerio.FullPolicy(7)}), "QueueConfig.OnFull: must be customerio.Block or customerio.Drop"},
		{"uploaders", testKey, queue(customerio.QueueConfig{Uploaders: -1}), "QueueConfig.Uploaders: must not be negative"},
		{"max in flight", testKey, queue(customerio.QueueConfig{MaxInFlight: -1}), "QueueConfig.MaxInFlight: must not be negative"},
		{"max in flight with uploaders", testKey, queue(customerio.QueueConfig{MaxInFlight: 8, Uploaders: 2}), "QueueConfig.MaxInFlight: cannot be set together with Uploaders"},
		{"retry delay", testKey, queue(customerio.QueueConfig{RetryBaseDelay: -1}), "QueueConfig.RetryBaseDelay: must not be negative"},
		{"shared option", testKey, []customerio.Option{customerio.WithBaseURL("ftp://x")}, "scheme must be http or https"},
		{"two bad fields", testKey, queue(customerio.QueueConfig{MaxBatchItems: -1, OnFull: 9}), "QueueConfig.OnFull"},
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
			if tc.name != "shared option" && !errors.As(err, &ve) {
				t.Errorf("error %T, want a *customerio.ValidationError", err)
			}
		})
	}
}

func queue(cfg customerio.QueueConfig) []customerio.Option {
	return []customerio.Option{pipelines.WithQueue(cfg)}
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
