package pipelines_test

import (
	"errors"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// TestDryRun checks that a dry-run client validates, counts messages as
// delivered and sends nothing.
func TestDryRun(t *testing.T) {
	c := newClient(t, unreachable(t), pipelines.WithDryRun(), pipelines.WithQueue(customerio.QueueConfig{MaxBatchItems: 2}))
	if got := c.String(); !strings.Contains(got, "dry run") {
		t.Errorf("String() = %q; want it to say dry run", got)
	}
	ctx := t.Context()
	calls := []error{
		c.Identify(ctx, pipelines.Identify{UserID: "1"}),
		c.Track(ctx, pipelines.Track{UserID: "1", Event: "e"}),
		c.Page(ctx, pipelines.Page{UserID: "1"}),
		c.Screen(ctx, pipelines.Screen{UserID: "1"}),
		c.Group(ctx, pipelines.Group{UserID: "1", GroupID: "g"}),
		c.Alias(ctx, pipelines.Alias{UserID: "1", PreviousID: "0"}),
		c.Send(ctx, pipelines.Track{UserID: "1", Event: "e"}),
	}
	for i, err := range calls {
		if err != nil {
			t.Errorf("call %d: %v", i, err)
		}
	}
	// Validation still applies.
	var ve *customerio.ValidationError
	if err := c.Track(ctx, pipelines.Track{UserID: "1"}); !errors.As(err, &ve) {
		t.Errorf("Track without an event: %v, want a ValidationError", err)
	}
	if err := c.Send(ctx, pipelines.Track{UserID: "1"}); !errors.As(err, &ve) {
		t.Errorf("Send without an event: %v, want a ValidationError", err)
	}
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if s := c.Stats(); s.Enqueued != 6 || s.Delivered != 6 || s.Failed != 0 {
		t.Errorf("stats %+v; want 6 enqueued and delivered", s)
	}
}
