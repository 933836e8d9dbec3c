//go:build unix

package spool

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	customerio "github.com/gocustomerio/customerio"
)

// lockDir takes the exclusive flock of dir's lock file, without waiting. The
// kernel drops the lock when the file is closed or the process dies, so a
// crashed process never leaves the directory locked.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("customerio: opening the spool's lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s is held by another live queue, in this process or another; "+
				"give each queue a directory of its own", customerio.ErrSpoolLocked, dir)
		}
		return nil, fmt.Errorf("customerio: locking the spool directory %s: %w", dir, err)
	}
	return f, nil
}

// unlockDir releases the lock taken by lockDir.
func unlockDir(f *os.File) error { return f.Close() }

// Supported reports whether this system can hold a spool directory.
const Supported = true
