package pipelines_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// TestSpoolDirReachesTheQueue checks that QueueConfig's spool fields given
// through WithQueue are the queue's: the directory is locked while the client
// is open, and a clean Close leaves nothing in it to send again.
func TestSpoolDirReachesTheQueue(t *testing.T) {
	dir := t.TempDir()
	rec := newRecorder(t, nil)
	queue := pipelines.WithQueue(customerio.QueueConfig{SpoolDir: dir})
	c := newClient(t, inMemoryBase, customerio.WithHTTPClient(inMemory(rec)), queue)
	for i := range 20 {
		if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: "spooled", MessageID: "m-" + string(rune('a'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pipelines.New("other-key", inMemoryBase, customerio.WithHTTPClient(inMemory(rec)), queue); !errors.Is(err, customerio.ErrSpoolLocked) {
		t.Errorf("a second client on the spool directory: %v; want an error wrapping ErrSpoolLocked", err)
	}
	if err := c.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := c.Stats(); s.Delivered != 20 {
		t.Errorf("stats %+v, want 20 delivered", s)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "segment-*")); len(left) != 0 {
		t.Errorf("segments left after Close: %v", left)
	}
}
