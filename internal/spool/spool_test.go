package spool

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func open(t *testing.T, opts Options) (*Spool, []Item, []Damaged) {
	t.Helper()
	if opts.MaxBytes == 0 {
		opts.MaxBytes = 64 << 20
	}
	s, items, damaged, err := Open(opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s, items, damaged
}

func closeSpool(t *testing.T, s *Spool) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func payload(i int) []byte {
	return fmt.Appendf(nil, `{"id":"%06d","p":"%s"}`, i, bytes.Repeat([]byte("x"), i%50))
}

func appendN(t *testing.T, s *Spool, n int) []uint64 {
	t.Helper()
	ids := make([]uint64, n)
	for i := range n {
		id, err := s.Append(context.Background(), payload(i), true, nil)
		if err != nil {
			t.Fatalf("Append(%d): %v", i, err)
		}
		ids[i] = id
	}
	return ids
}

// segments lists dir's segment files.
func segments(t *testing.T, dir string) []string {
	t.Helper()
	nums, err := listSegments(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, n := range nums {
		paths = append(paths, segmentPath(dir, n))
	}
	return paths
}

// onDisk reads the item records in dir's segments as they are now.
func onDisk(t *testing.T, dir string) map[uint64][]byte {
	t.Helper()
	items := map[uint64][]byte{}
	for _, p := range segments(t, dir) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		scan(data, func(body []byte) {
			if body[0] == kindItem {
				items[uint64FromBody(body)] = slices.Clone(body[itemBodyPrefix:])
			}
		})
	}
	return items
}

func uint64FromBody(body []byte) uint64 { return binary.LittleEndian.Uint64(body[1:]) }

func TestReopenReturnsTheItemsWithoutOutcomeWithTheirIdsAndBytes(t *testing.T) {
	dir := t.TempDir()
	s, _, _ := open(t, Options{Dir: dir})
	ids := appendN(t, s, 10)
	s.Ack([]uint64{ids[0], ids[1], ids[5]})
	closeSpool(t, s)

	s, items, damaged := open(t, Options{Dir: dir})
	defer closeSpool(t, s)
	if len(damaged) != 0 {
		t.Fatalf("damaged = %v", damaged)
	}
	want := []int{2, 3, 4, 6, 7, 8, 9}
	if len(items) != len(want) {
		t.Fatalf("got %d items, want %d", len(items), len(want))
	}
	for i, n := range want {
		if items[i].ID != ids[n] || !bytes.Equal(items[i].Data, payload(n)) {
			t.Errorf("item %d = {%d %s}, want {%d %s}", i, items[i].ID, items[i].Data, ids[n], payload(n))
		}
	}
	// New ids never repeat an old one.
	id, err := s.Append(context.Background(), payload(99), true, nil)
	if err != nil || id <= ids[9] {
		t.Errorf("Append after reopen = %d, %v; want an id above %d", id, err, ids[9])
	}
}

func TestCleanCloseWithEveryOutcomeLeavesNothingToRedeliver(t *testing.T) {
	dir := t.TempDir()
	s, _, _ := open(t, Options{Dir: dir, SegmentBytes: 256})
	s.Ack(appendN(t, s, 100))
	closeSpool(t, s)
	if segs := segments(t, dir); len(segs) != 0 {
		t.Errorf("segments left after a clean Close: %v", segs)
	}
	s, items, _ := open(t, Options{Dir: dir})
	closeSpool(t, s)
	if len(items) != 0 {
		t.Errorf("reopen returned %d items, want none", len(items))
	}
}

func TestAppendReturnsOnlyOnceTheItemIsInItsSegment(t *testing.T) {
	for _, every := range []bool{false, true} {
		t.Run(fmt.Sprintf("EveryItem=%v", every), func(t *testing.T) {
			dir := t.TempDir()
			s, _, _ := open(t, Options{Dir: dir, EveryItem: every})
			defer closeSpool(t, s)
			for i := range 20 {
				id, err := s.Append(context.Background(), payload(i), true, nil)
				if err != nil {
					t.Fatal(err)
				}
				if got := onDisk(t, dir)[id]; !bytes.Equal(got, payload(i)) {
					t.Fatalf("after Append %d returned, its segment holds %q", i, got)
				}
			}
		})
	}
}

func TestChecksumMismatchMidSegmentIsReportedAndSkippedOnce(t *testing.T) {
	dir := t.TempDir()
	s, _, _ := open(t, Options{Dir: dir})
	ids := appendN(t, s, 5)
	closeSpool(t, s)

	// Damage one byte of the third item's bytes.
	seg := segments(t, dir)[0]
	data, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	off := 0
	for i := range 2 {
		off += int(ItemRecordSize(len(payload(i))))
	}
	data[off+headerSize+itemBodyPrefix+3] ^= 0x20
	if err := os.WriteFile(seg, data, 0o600); err != nil {
		t.Fatal(err)
	}

	s, items, damaged := open(t, Options{Dir: dir})
	var got []uint64
	for _, it := range items {
		got = append(got, it.ID)
	}
	if want := []uint64{ids[0], ids[1], ids[3], ids[4]}; !slices.Equal(got, want) {
		t.Errorf("items = %v, want %v", got, want)
	}
	if len(damaged) != 1 || !errors.Is(damaged[0].Err, customerio.ErrSpoolCorrupt) ||
		len(damaged[0].Data) != len(payload(2)) {
		t.Fatalf("damaged = %+v; want the third item, with an error wrapping ErrSpoolCorrupt", damaged)
	}
	closeSpool(t, s)

	s, items, damaged = open(t, Options{Dir: dir})
	closeSpool(t, s)
	if len(items) != 4 || len(damaged) != 0 {
		t.Errorf("second reopen: %d items, %d damaged; want 4 and the damage reported once", len(items), len(damaged))
	}
}

func TestTornOrGarbageTailIsCutAndTheSpoolGoesOn(t *testing.T) {
	tails := map[string][]byte{
		"half record":   appendItem(nil, 1<<40, payload(7))[:20],
		"half header":   {5, 0, 0},
		"random bytes":  randomBytes(1, 300),
		"length beyond": {0xff, 0xff, 0x00, 0x00, 1, 2, 3, 4, kindItem},
	}
	for name, tail := range tails {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			s, _, _ := open(t, Options{Dir: dir})
			ids := appendN(t, s, 30)
			closeSpool(t, s)
			segs := segments(t, dir)
			f, err := os.OpenFile(segs[len(segs)-1], os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.Write(tail); err != nil {
				t.Fatal(err)
			}
			_ = f.Close()

			s, items, _ := open(t, Options{Dir: dir})
			if len(items) != len(ids) {
				t.Fatalf("reopen returned %d items, want %d", len(items), len(ids))
			}
			more := appendN(t, s, 3)
			closeSpool(t, s)
			s, items, damaged := open(t, Options{Dir: dir})
			closeSpool(t, s)
			if len(items) != len(ids)+len(more) || len(damaged) != 0 {
				t.Errorf("after the cut: %d items, %d damaged; want %d and none", len(items), len(damaged), len(ids)+len(more))
			}
		})
	}
}

func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestOpenNeverPanicsOnGarbageSegments(t *testing.T) {
	for seed := range uint64(50) {
		dir := t.TempDir()
		// A valid record, then garbage: lengths, checksums and kinds at random.
		data := appendItem(nil, 3, payload(3))
		data = append(data, randomBytes(seed, int(seed*37%4096))...)
		if seed%3 == 0 {
			// A damaged record with a plausible length, so reading goes on.
			rec := appendOutcome(nil, []uint64{1, 2, 3})
			rec[len(rec)-1] ^= 1
			data = append(rec, data...)
		}
		if err := os.WriteFile(filepath.Join(dir, segmentName(7)), data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, items, _ := open(t, Options{Dir: dir})
		closeSpool(t, s)
		if len(items) != 1 || items[0].ID != 3 {
			t.Errorf("seed %d: items %v, want the one valid item", seed, items)
		}
	}
}

func TestDirectoryHeldByAnotherSpoolIsRefused(t *testing.T) {
	dir := t.TempDir()
	s, _, _ := open(t, Options{Dir: dir})
	_, _, _, err := Open(Options{Dir: dir, MaxBytes: 1 << 20})
	if !errors.Is(err, customerio.ErrSpoolLocked) {
		t.Errorf("second Open = %v, want an error wrapping ErrSpoolLocked", err)
	}
	closeSpool(t, s)
	s, _, _ = open(t, Options{Dir: dir})
	closeSpool(t, s)
}

func TestMaxBytesDropsOrBlocksUntilOutcomesFreeASegment(t *testing.T) {
	dir := t.TempDir()
	rec := ItemRecordSize(len(payload(0)))
	s, _, _ := open(t, Options{Dir: dir, MaxBytes: 8 * rec, SegmentBytes: 2 * rec})
	defer closeSpool(t, s)
	ctx := context.Background()
	var ids []uint64
	for {
		id, err := s.Append(ctx, payload(0), false, nil)
		if errors.Is(err, customerio.ErrQueueFull) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		if len(ids) > 8 {
			t.Fatalf("%d items of %d bytes taken under MaxBytes %d", len(ids), rec, 8*rec)
		}
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	hurried := false
	if _, err := s.Append(canceled, payload(0), true, func() { hurried = true }); !errors.Is(err, context.Canceled) {
		t.Fatalf("blocking Append on a full spool = %v, want context.Canceled", err)
	}
	if !hurried {
		t.Error("a blocking Append on a full spool did not call full")
	}
	// The outcomes of the first segment's items free room.
	s.Ack(ids)
	if _, err := s.Append(ctx, payload(0), false, nil); err != nil {
		t.Errorf("Append after the outcomes = %v", err)
	}
}
