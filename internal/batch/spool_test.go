package batch

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/spool"
)

// spoolConfig is a sink's config with a spool in dir.
func spoolConfig(s *sink, dir string) Config {
	cfg := s.config()
	cfg.SpoolDir = dir
	return cfg
}

func segmentFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "segment-*"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestSpoolItemLeavesOnlyAfterOnFailureReturned(t *testing.T) {
	dir := t.TempDir()
	var e *Engine
	var liveDuringOnFailure []int64
	cfg := Config{EnvelopeBytes: trackEnvelope, MaxItems: 10, Uploaders: 1, SpoolDir: dir,
		Send: func(context.Context, [][]byte) error {
			return &customerio.APIError{StatusCode: 422}
		},
		OnFailure: func(failed []Failure) {
			liveDuringOnFailure = append(liveDuringOnFailure, e.spool.Live())
		},
	}
	e = mustNew(t, cfg)
	enqueueIDs(t, e, 0, 10, 50)
	if err := e.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(liveDuringOnFailure) != 1 || liveDuringOnFailure[0] != 10 {
		t.Errorf("items in the spool while OnFailure ran: %v; want all 10 still there", liveDuringOnFailure)
	}
	if live := e.spool.Live(); live != 0 {
		t.Errorf("%d items in the spool after OnFailure returned, want 0", live)
	}
	closeAndCheck(t, e)
}

func TestSpoolCleanCloseLeavesNothingToRedeliver(t *testing.T) {
	dir := t.TempDir()
	s := newSink(t, nil)
	e := mustNew(t, spoolConfig(s, dir))
	enqueueIDs(t, e, 0, 250, 100)
	closeAndCheck(t, e)
	if files := segmentFiles(t, dir); len(files) != 0 {
		t.Errorf("segments left after a clean Close: %v", files)
	}

	again := newSink(t, nil)
	e = mustNew(t, spoolConfig(again, dir))
	if st := closeAndCheck(t, e); st.Enqueued != 0 || len(again.deliveredIDs()) != 0 {
		t.Errorf("after a clean Close, the next engine replayed %d items", st.Enqueued)
	}
}

func TestSpoolReplaysLeftItemsFirstWithTheirExactBytes(t *testing.T) {
	dir := t.TempDir()
	// What a killed process leaves: items spooled, no outcome recorded.
	sp, _, _, err := spool.Open(spool.Options{Dir: dir, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	var left [][]byte
	for id := range 25 {
		it := item(id, 80)
		left = append(left, it)
		if _, err := sp.Append(context.Background(), it, true, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := sp.Close(); err != nil {
		t.Fatal(err)
	}

	var got [][]byte
	var mu sync.Mutex
	s := newSink(t, func(_ context.Context, items [][]byte) error {
		mu.Lock()
		for _, it := range items {
			got = append(got, bytes.Clone(it))
		}
		mu.Unlock()
		return nil
	})
	cfg := spoolConfig(s, dir)
	cfg.Uploaders = 1
	e := mustNew(t, cfg)
	enqueueIDs(t, e, 100, 105, 80)
	st := closeAndCheck(t, e)
	if st.Enqueued != 30 || st.Delivered != 30 {
		t.Errorf("stats %+v; want the 25 left items and the 5 new ones delivered", st)
	}
	for i, it := range left {
		if i >= len(got) || !bytes.Equal(got[i], it) {
			t.Fatalf("item %d sent as %q, want %q (left items first, bytes as spooled)", i, got[min(i, len(got)-1)], it)
		}
	}
}

func TestSpoolDamagedRecordReachesOnFailureAtStart(t *testing.T) {
	dir := t.TempDir()
	sp, _, _, err := spool.Open(spool.Options{Dir: dir, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	for id := range 3 {
		if _, err := sp.Append(context.Background(), item(id, 60), true, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := sp.Close(); err != nil {
		t.Fatal(err)
	}
	seg := segmentFiles(t, dir)[0]
	data, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	rec := int(spool.ItemRecordSize(60))
	data[rec+rec-2] ^= 0xff // inside the second item
	if err := os.WriteFile(seg, data, 0o600); err != nil {
		t.Fatal(err)
	}

	s := newSink(t, nil)
	e := mustNew(t, spoolConfig(s, dir))
	st := closeAndCheck(t, e)
	_, failures := s.snapshot()
	if len(failures) != 1 || !errors.Is(failures[0].Err, customerio.ErrSpoolCorrupt) || len(failures[0].Data) != 60 {
		t.Fatalf("failures %+v; want the damaged item, wrapping ErrSpoolCorrupt", failures)
	}
	if ids := s.deliveredIDs(); len(ids) != 2 || ids[0] != 0 || ids[1] != 2 || st.Failed != 1 {
		t.Errorf("delivered %v, stats %+v; want items 0 and 2 delivered, 1 failed", ids, st)
	}
}

func TestSpoolDirectoryInUseIsRefused(t *testing.T) {
	dir := t.TempDir()
	s := newSink(t, nil)
	e := mustNew(t, spoolConfig(s, dir))
	_, err := New(spoolConfig(newSink(t, nil), dir))
	if !errors.Is(err, customerio.ErrSpoolLocked) || !strings.Contains(err.Error(), dir) {
		t.Errorf("second engine on the directory: %v; want an error wrapping ErrSpoolLocked naming it", err)
	}
	closeAndCheck(t, e)
}

func TestSpoolFullDropsOrBlocks(t *testing.T) {
	for _, policy := range []FullPolicy{Drop, Block} {
		t.Run(map[FullPolicy]string{Drop: "Drop", Block: "Block"}[policy], func(t *testing.T) {
			gate := make(chan struct{})
			s := newSink(t, func(ctx context.Context, _ [][]byte) error {
				select {
				case <-gate:
				case <-ctx.Done():
				}
				return nil
			})
			cfg := spoolConfig(s, t.TempDir())
			cfg.MaxBatchBytes, cfg.MaxSpoolBytes, cfg.MaxQueueBytes, cfg.OnFull = 1000, 8000, 1<<20, policy
			e := mustNew(t, cfg)
			ctx, cancel := context.WithCancel(context.Background())
			if policy == Block {
				cancel() // a full spool is waited on until ctx ends
			}
			var err error
			taken := 0
			for ; taken < 200; taken++ {
				if err = e.Enqueue(ctx, item(taken, 100)); err != nil {
					break
				}
			}
			cancel()
			want := map[FullPolicy]error{Drop: ErrQueueFull, Block: context.Canceled}[policy]
			if !errors.Is(err, want) || taken*int(spool.ItemRecordSize(100)) > 8000 {
				t.Errorf("after %d items: %v; want %v within MaxSpoolBytes", taken, err, want)
			}
			close(gate)
			// Outcomes free the disk again.
			if err := e.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := e.Enqueue(context.Background(), item(999, 100)); err != nil {
				t.Errorf("Enqueue once batches were delivered: %v", err)
			}
			st := closeAndCheck(t, e)
			if wantDropped := map[FullPolicy]int64{Drop: 1, Block: 0}[policy]; st.Dropped != wantDropped {
				t.Errorf("Dropped = %d, want %d", st.Dropped, wantDropped)
			}
		})
	}
}

func TestSpoolSyncEveryItemDeliversAndLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	s := newSink(t, nil)
	cfg := spoolConfig(s, dir)
	cfg.SpoolSync = customerio.SpoolSyncEveryItem
	e := mustNew(t, cfg)
	enqueueIDs(t, e, 0, 40, 100)
	if st := closeAndCheck(t, e); st.Delivered != 40 {
		t.Errorf("stats %+v, want 40 delivered", st)
	}
	if files := segmentFiles(t, dir); len(files) != 0 {
		t.Errorf("segments left: %v", files)
	}
}

func TestSpoolFieldsAreCheckedBeforeAnythingStarts(t *testing.T) {
	s := newSink(t, nil)
	cfg := s.config()
	cfg.MaxSpoolBytes = 1 << 20
	cfg.SpoolSync = customerio.SpoolSyncEveryItem
	_, err := New(cfg)
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 2 {
		t.Fatalf("spool fields without SpoolDir: %v; want both refused", err)
	}
	dir := filepath.Join(t.TempDir(), "never")
	cfg = spoolConfig(s, dir)
	cfg.MaxSpoolBytes = 1000
	if _, err := New(cfg); !errors.As(err, &ve) || ve.Fields[0].Field != "MaxSpoolBytes" {
		t.Fatalf("MaxSpoolBytes below 8 batches: %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an invalid config created the spool directory: %v", err)
	}
}

// TestSpoolKeepsWhatCloseGivesUpOn: a Close whose context ends during an
// outage leaves the items without an outcome in the spool, reported nowhere,
// and the next engine on the directory delivers them.
func TestSpoolKeepsWhatCloseGivesUpOn(t *testing.T) {
	dir := t.TempDir()
	closeCtx, giveUp := context.WithCancel(context.Background())
	var reported int
	cfg := Config{EnvelopeBytes: trackEnvelope, MaxItems: 10, Uploaders: 1, SpoolDir: dir,
		Send: func(context.Context, [][]byte) error {
			giveUp() // the deploy's deadline passes while Customer.io is down
			return &customerio.APIError{StatusCode: 503}
		},
		OnFailure: func(failed []Failure) { reported += len(failed) },
	}
	e := mustNew(t, cfg)
	enqueueIDs(t, e, 0, 10, 50)
	if err := e.Close(closeCtx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Close: %v, want the context's error", err)
	}
	st := checkBalanced(t, e)
	if reported != 0 || st.Failed != 0 || st.Spooled != 10 {
		t.Errorf("reported %d, stats %+v; want all 10 spooled and none failed", reported, st)
	}

	again := newSink(t, nil)
	e = mustNew(t, spoolConfig(again, dir))
	closeAndCheck(t, e)
	if ids := again.deliveredIDs(); len(ids) != 10 {
		t.Errorf("the next engine delivered %v, want the 10 items left", ids)
	}
}
