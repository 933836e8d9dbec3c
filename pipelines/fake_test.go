package pipelines_test

import (
	"testing"

	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/pipelines"
)

// TestAgainstFake sends every golden message, queued and alone, to the
// in-memory fake Customer.io in strict mode: it must apply all of them.
func TestAgainstFake(t *testing.T) {
	srv := customeriotest.NewServer()
	t.Cleanup(srv.Close)
	c, err := pipelines.New(srv.WriteKey(), srv.Option(), pipelines.WithStrictMode())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range goldenCases {
		if err := tc.queue(t.Context(), c); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
	}
	if err := c.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s := c.Stats(); s.Delivered != int64(len(goldenCases)) || s.Failed != 0 {
		t.Errorf("stats %+v", s)
	}
	if err := c.Send(t.Context(), pipelines.Group{UserID: "42", GroupID: "acme", ObjectTypeID: "1"}); err != nil {
		t.Errorf("Send: %v", err)
	}
	msgs := srv.PipelineMessages()
	// The golden messages share one messageId, so the fake keeps the first
	// and drops the repeats, as Customer.io does.
	if len(msgs) != len(goldenCases)+1 {
		t.Fatalf("%d messages received, want %d", len(msgs), len(goldenCases)+1)
	}
	for i, m := range msgs {
		if i == 0 || i == len(msgs)-1 {
			if m.Dropped {
				t.Errorf("message %d (%s) dropped: %s", i, m.Type, m.DropReason)
			}
			continue
		}
		if !m.Dropped || m.DropReason != "duplicate messageId" {
			t.Errorf("message %d (%s): dropped %v (%s), want a duplicate", i, m.Type, m.Dropped, m.DropReason)
		}
	}
}

// TestFakeAppliesBatchContext checks that the fake Customer.io applies the
// batch envelope's context to every queued message, the message's own keys
// winning, so that its stored messages show context.library.
func TestFakeAppliesBatchContext(t *testing.T) {
	srv := customeriotest.NewServer()
	t.Cleanup(srv.Close)
	c, err := pipelines.New(srv.WriteKey(), srv.Option(), pipelines.WithDefaultContext(pipelines.Context{"locale": "fr-FR", "ip": "198.51.100.1"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: "e", Context: pipelines.Context{}.SetIP("203.0.113.7")}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	msgs := srv.PipelineMessages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	ctx := msgs[0].Context
	lib, _ := ctx["library"].(map[string]any)
	if lib["name"] != "customerio-go" || ctx["locale"] != "fr-FR" || ctx["ip"] != "203.0.113.7" {
		t.Errorf("context %v", ctx)
	}
}
