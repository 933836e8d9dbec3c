package spool

import "os"

// Ack records that the items with ids have their outcome, so that no later
// Open returns them, and deletes the segments this leaves with nothing to
// deliver. The record goes out with the next group commit, without a sync of
// its own.
func (s *Spool) Ack(ids []uint64) {
	if len(ids) == 0 {
		return
	}
	s.mu.Lock()
	first := len(s.buf) == 0
	before := len(s.buf)
	s.buf = appendOutcome(s.buf, ids)
	s.bytes += int64(len(s.buf) - before)
	for _, id := range ids {
		if i := s.segmentOf(id); i >= 0 {
			s.segs[i].live--
		}
	}
	var gone []uint64
	for len(s.segs) > 1 && s.segs[0].live == 0 {
		gone = append(gone, s.segs[0].num)
		s.bytes -= s.segs[0].size
		s.segs = s.segs[1:]
	}
	if gone != nil {
		s.wakeRoom()
	}
	s.mu.Unlock()
	if first {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
	// Every outcome the deleted segments held is about items in them or in
	// older segments, all gone: nothing a later Open reads depends on them.
	for _, num := range gone {
		_ = os.Remove(segmentPath(s.opts.Dir, num))
	}
}

// segmentOf is the index of the segment holding item id, or -1: the last
// segment with items whose first item is not after id. Called with mu held.
func (s *Spool) segmentOf(id uint64) int {
	for i := len(s.segs) - 1; i >= 0; i-- {
		if g := &s.segs[i]; g.hasItems && g.firstID <= id {
			return i
		}
	}
	return -1
}

// Live counts the items spooled and still without an outcome.
func (s *Spool) Live() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for _, g := range s.segs {
		n += g.live
	}
	return n
}
