package spool

import (
	"encoding/binary"
	"fmt"
	"os"
	"slices"

	customerio "github.com/gocustomerio/customerio"
)

// recover reads every segment an earlier spool left, keeps the items without
// an outcome, writes them into a fresh segment, which becomes the active one,
// and deletes the old segments: damage is reported once, and a torn tail is
// cut off with the file it was in. A crash during this leaves the old files
// next to the new one; the next Open reads them all, and an item found twice
// is kept once.
func (s *Spool) recover() ([]Item, []Damaged, error) {
	dir := s.opts.Dir
	nums, err := listSegments(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("customerio: reading the spool directory: %w", err)
	}
	found := map[uint64][]byte{}
	done := map[uint64]struct{}{}
	var damaged []Damaged
	var nextID uint64
	for _, num := range nums {
		name := segmentName(num)
		data, err := os.ReadFile(segmentPath(dir, num))
		if err != nil {
			return nil, nil, fmt.Errorf("customerio: reading the spool: %w", err)
		}
		harm := scan(data, func(body []byte) {
			switch body[0] {
			case kindItem:
				if len(body) <= itemBodyPrefix {
					return
				}
				id := binary.LittleEndian.Uint64(body[1:])
				if _, dup := found[id]; !dup {
					found[id] = body[itemBodyPrefix:]
				}
				nextID = max(nextID, id+1)
			case kindOutcome:
				outcomeRuns(body[1:], func(first, count uint64) {
					for id := first; id < first+count; id++ {
						done[id] = struct{}{}
					}
					nextID = max(nextID, first+count)
				})
			}
		})
		for _, d := range harm {
			s.opts.Logger.Warn("customerio spool: damaged record skipped",
				"segment", name, "offset", d.offset, "bytes", d.length, "damage", d.what,
				"readable", d.item != nil)
			if d.item != nil {
				damaged = append(damaged, Damaged{
					Data: d.item,
					Err:  fmt.Errorf("%w: %s at offset %d of %s", customerio.ErrSpoolCorrupt, d.what, d.offset, name),
				})
			}
		}
	}
	items := make([]Item, 0, len(found))
	for id, data := range found {
		if _, ok := done[id]; !ok {
			items = append(items, Item{ID: id, Data: data})
		}
	}
	slices.SortFunc(items, func(a, b Item) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})

	num := uint64(0)
	if len(nums) > 0 {
		num = nums[len(nums)-1] + 1
	}
	f, err := createSegment(dir, num)
	if err != nil {
		return nil, nil, fmt.Errorf("customerio: starting a spool segment: %w", err)
	}
	seg := segInfo{num: num, live: int64(len(items))}
	if len(items) > 0 {
		var buf []byte
		for _, it := range items {
			buf = appendItem(buf, it.ID, it.Data)
		}
		seg.firstID, seg.hasItems, seg.size = items[0].ID, true, int64(len(buf))
		_, err := f.Write(buf)
		if err == nil {
			err = f.Sync()
		}
		if err != nil {
			_ = f.Close()
			return nil, nil, fmt.Errorf("customerio: rewriting the spool: %w", err)
		}
	}
	for _, old := range nums {
		if err := os.Remove(segmentPath(dir, old)); err != nil {
			_ = f.Close()
			return nil, nil, fmt.Errorf("customerio: removing an old spool segment: %w", err)
		}
	}
	if len(nums) > 0 {
		if err := syncDir(dir); err != nil {
			_ = f.Close()
			return nil, nil, fmt.Errorf("customerio: rewriting the spool: %w", err)
		}
	}
	if len(items) > 0 || len(damaged) > 0 {
		s.opts.Logger.Info("customerio spool: items left by an earlier process",
			"items", len(items), "damaged", len(damaged), "segments", len(nums))
	}
	s.file, s.fileSize = f, seg.size
	s.segs = []segInfo{seg}
	s.bytes = seg.size
	s.nextID = nextID
	s.nextNum = num + 1
	return items, damaged, nil
}
