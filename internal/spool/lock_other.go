//go:build !unix

package spool

import (
	"errors"
	"os"
)

// lockDir refuses: without flock, a lock that a crashed process left behind
// could not be told from one held by a live process, so the spool would
// either refuse to start after a crash or let two processes share a
// directory.
func lockDir(string) (*os.File, error) {
	return nil, errors.New("customerio: SpoolDir is supported on unix systems only")
}

func unlockDir(f *os.File) error { return f.Close() }

// Supported reports whether this system can hold a spool directory.
const Supported = false
