package spool

import (
	"context"
	"fmt"
	"os"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// Append spools data and returns its id once it is on disk: after its group
// commit's fsync, or its own under EveryItem. When the spool holds MaxBytes
// already it waits for room if block is true, until ctx ends, or returns
// customerio.ErrQueueFull at once otherwise, calling full (when not nil) first,
// without the spool's lock, so that the caller can hurry the deliveries that
// free room; after Interrupt it returns customerio.ErrClosed. On error the
// item was not taken.
func (s *Spool) Append(ctx context.Context, data []byte, block bool, full func()) (uint64, error) {
	size := ItemRecordSize(len(data))
	s.mu.Lock()
	for {
		if s.stopped {
			s.mu.Unlock()
			return 0, customerio.ErrClosed
		}
		if s.err != nil {
			err := s.err
			s.mu.Unlock()
			return 0, err
		}
		if s.bytes+size <= s.opts.MaxBytes {
			break
		}
		if !block {
			s.mu.Unlock()
			if full != nil {
				full()
			}
			return 0, customerio.ErrQueueFull
		}
		if s.room == nil {
			s.room = make(chan struct{})
		}
		room := s.room
		s.mu.Unlock()
		if full != nil {
			full()
		}
		select {
		case <-room:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		s.mu.Lock()
	}
	id := s.nextID
	s.nextID++
	first := len(s.buf) == 0
	s.buf = appendItem(s.buf, id, data)
	s.bytes += size
	if s.group == nil {
		s.group = &group{done: make(chan struct{})}
		s.groupFirst, s.groupItems = id, 0
	}
	s.groupItems++
	g := s.group
	s.mu.Unlock()

	switch {
	case s.opts.EveryItem:
		_ = s.commit() // commits g, unless a concurrent Append's commit took it
	case first:
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
	<-g.done
	if g.err != nil {
		return 0, g.err
	}
	return id, nil
}

// commitLoop is the group committer: once records arrive at an idle spool it
// waits the window, so that the items enqueued meanwhile share the write and
// the fsync, then commits them; under load, each commit takes at once what
// arrived during the one before. It ends when Close stops it.
func (s *Spool) commitLoop() {
	defer close(s.done)
	t := time.NewTimer(time.Hour)
	t.Stop()
	busy := false
	for {
		select {
		case <-s.wake:
		case <-s.stop:
			return
		}
		// Records that arrived while the last commit was being written and
		// synced have waited at least that long already: they go at once.
		if !busy {
			t.Reset(s.opts.Window)
			select {
			case <-t.C:
			case <-s.stop:
				t.Stop()
				return
			}
		}
		_ = s.commit() // the error is the group's, and sticky
		busy = len(s.wake) > 0
	}
}

// commit writes every buffered record to the active segment, starting a new
// segment first when this one is full, and syncs it when an item is among
// them; then it releases the group's Appends. Outcome records alone are
// written without a sync: losing them only repeats a delivery.
func (s *Spool) commit() error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.mu.Lock()
	data, g := s.buf, s.group
	first, n := s.groupFirst, s.groupItems
	s.buf, s.spare = s.spare[:0], nil
	s.group, s.groupItems = nil, 0
	failed := s.err
	s.mu.Unlock()
	if len(data) == 0 {
		return failed
	}
	err := failed
	if err == nil && s.fileSize >= s.opts.SegmentBytes {
		err = s.roll()
	}
	if err == nil {
		s.mu.Lock()
		seg := &s.segs[len(s.segs)-1]
		if n > 0 {
			if !seg.hasItems {
				seg.firstID, seg.hasItems = first, true
			}
			seg.live += int64(n)
		}
		seg.size += int64(len(data))
		s.mu.Unlock()
		_, err = s.file.Write(data)
		s.fileSize += int64(len(data))
		if err == nil && g != nil {
			err = s.file.Sync()
		}
	}
	s.mu.Lock()
	if err != nil && s.err == nil {
		s.err = fmt.Errorf("customerio: writing the spool: %w", err)
	}
	err = s.err
	s.spare = data[:0]
	s.mu.Unlock()
	if g != nil {
		g.err = err
		close(g.done)
	}
	return err
}

// roll closes the active segment and starts the next one. Called with writeMu
// held.
func (s *Spool) roll() error {
	if err := s.file.Close(); err != nil {
		return err
	}
	s.mu.Lock()
	num := s.nextNum
	s.nextNum++
	s.mu.Unlock()
	f, err := createSegment(s.opts.Dir, num)
	if err != nil {
		return err
	}
	s.file, s.fileSize = f, 0
	s.mu.Lock()
	s.segs = append(s.segs, segInfo{num: num})
	s.mu.Unlock()
	return nil
}

// createSegment creates segment num in dir, durably.
func createSegment(dir string, num uint64) (*os.File, error) {
	f, err := os.OpenFile(segmentPath(dir, num), os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syncDir(dir); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}
