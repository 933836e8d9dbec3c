package spool

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"
)

// DefaultWindow is how long a group commit waits for more items after its
// first before writing and syncing them together.
const DefaultWindow = 2 * time.Millisecond

// Options configure a Spool.
type Options struct {
	// Dir is the spool's directory, created if needed.
	Dir string
	// MaxBytes bounds the disk the segments use, records of items that already
	// have their outcome included, until their segment is deleted.
	MaxBytes int64
	// SegmentBytes is the size past which a new segment is started; zero means
	// MaxBytes/8, at most 16 MiB. Smaller segments are reclaimed sooner.
	SegmentBytes int64
	// EveryItem makes each Append write and fsync at once instead of waiting
	// for a group commit window.
	EveryItem bool
	// Window is the group commit window; zero means DefaultWindow.
	Window time.Duration
	// Logger receives reports of damaged records; nil discards them.
	Logger *slog.Logger
}

// Item is an item read back from a spool at Open.
type Item struct {
	ID   uint64
	Data []byte
}

// Damaged is an item record whose checksum did not match at Open: Data are its
// bytes as read, Err wraps customerio.ErrSpoolCorrupt and says where.
type Damaged struct {
	Data []byte
	Err  error
}

// Spool is an open spool directory. Append and Ack are safe for concurrent
// use; Close must be called once nothing more will be appended or acked.
type Spool struct {
	opts Options
	lock *os.File

	// writeMu is held while the active segment is written, synced or
	// replaced.
	writeMu  sync.Mutex
	file     *os.File
	fileSize int64

	mu sync.Mutex
	// buf holds the records not yet written, in id order for items.
	buf, spare []byte
	// group is the commit the items in buf wait for; nil when buf holds no
	// item. groupFirst and groupItems are its items' ids.
	group                  *group
	groupFirst, groupItems uint64
	nextID                 uint64
	nextNum                uint64
	// segs are the segments on disk, oldest first; the last is being written.
	segs []segInfo
	// bytes is the disk in use, buf included.
	bytes int64
	// room is closed when disk is reclaimed; nil when no Append waits.
	room chan struct{}
	// stopped is set by Interrupt: waiting Appends give up, new ones are
	// refused.
	stopped bool
	// err is the first write or sync error; the spool takes nothing after it.
	err error

	wake chan struct{} // buf got its first record (capacity 1)
	stop chan struct{} // closed by Close
	done chan struct{} // closed when the committer ends
}

// segInfo is what the spool knows of one segment file.
type segInfo struct {
	num  uint64
	size int64
	// firstID is the id of the segment's first item, valid when hasItems;
	// each later segment's items have higher ids.
	firstID  uint64
	hasItems bool
	// live counts its items without an outcome.
	live int64
}

// group is one group commit: done is closed once its records are on disk, or
// writing them failed with err.
type group struct {
	done chan struct{}
	err  error
}

// Open takes dir's lock, reads what an earlier spool left there, and returns
// the spool ready for appends with the items still waiting for an outcome, in
// the order they were appended, and the damaged item records it skipped.
func Open(opts Options) (*Spool, []Item, []Damaged, error) {
	if opts.Dir == "" {
		return nil, nil, nil, errors.New("customerio: spool directory is empty")
	}
	if opts.Window <= 0 {
		opts.Window = DefaultWindow
	}
	if opts.SegmentBytes <= 0 {
		opts.SegmentBytes = min(opts.MaxBytes/8, 16<<20)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, nil, nil, fmt.Errorf("customerio: creating the spool directory: %w", err)
	}
	lock, err := lockDir(opts.Dir)
	if err != nil {
		return nil, nil, nil, err
	}
	s := &Spool{
		opts: opts,
		lock: lock,
		wake: make(chan struct{}, 1),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	items, damaged, err := s.recover()
	if err != nil {
		_ = unlockDir(lock)
		return nil, nil, nil, err
	}
	go s.commitLoop()
	return s, items, damaged, nil
}

// Interrupt makes Appends waiting for disk room, and any later Append, return
// customerio.ErrClosed. Appends already accepted still complete.
func (s *Spool) Interrupt() {
	s.mu.Lock()
	s.stopped = true
	s.wakeRoom()
	s.mu.Unlock()
}

// Close writes the outcome records still buffered, deletes every segment when
// no item is left without an outcome, and releases the directory. No Append
// may be in progress.
func (s *Spool) Close() error {
	s.Interrupt()
	close(s.stop)
	<-s.done
	err := s.commit()
	s.mu.Lock()
	empty := true
	for _, g := range s.segs {
		empty = empty && g.live == 0
	}
	segs := s.segs
	s.mu.Unlock()
	if cerr := s.file.Close(); err == nil {
		err = cerr
	}
	if empty && err == nil {
		for _, g := range segs {
			if rerr := os.Remove(segmentPath(s.opts.Dir, g.num)); rerr != nil && err == nil {
				err = rerr
			}
		}
		if err == nil {
			err = syncDir(s.opts.Dir)
		}
	}
	if uerr := unlockDir(s.lock); err == nil {
		err = uerr
	}
	if err != nil {
		return fmt.Errorf("customerio: closing the spool: %w", err)
	}
	return nil
}

// Bytes is the disk the spool uses now, records not yet written included.
func (s *Spool) Bytes() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes
}

// wakeRoom wakes the Appends waiting for disk room. Called with mu held.
func (s *Spool) wakeRoom() {
	if s.room != nil {
		close(s.room)
		s.room = nil
	}
}

// syncDir makes the creation and removal of files in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
