package transport

import (
	"errors"
	"io"
	"sync"
	"sync/atomic"
)

// errBodyClosed answers a Read after Close.
var errBodyClosed = errors.New("request body already closed")

// bodyLease tracks who still reads a request body, so that a caller wanting
// its buffer back (Request.Release) gets it only once nothing can: net/http
// may read a body after RoundTrip returned (an HTTP/1.1 server that answers
// before the whole body arrived, an HTTP/2 stream writing on), and says only
// that it closes the body once done. So the buffer is handed back when Do has
// returned and every reader given to net/http is closed; a reader never closed
// keeps the buffer from reuse, and the garbage collector takes it instead.
type bodyLease struct {
	data []byte
	// release is Request.Release, nil when the caller does not want the
	// buffer back.
	release func()
	// holders counts Do, until it returns, and each open reader.
	holders atomic.Int64
}

func newBodyLease(data []byte, release func()) *bodyLease {
	l := &bodyLease{data: data, release: release}
	l.holders.Store(1)
	return l
}

// reader returns a new reader of the whole body, holding the lease until closed.
func (l *bodyLease) reader() io.ReadCloser {
	l.holders.Add(1)
	return &leasedReader{lease: l, data: l.data}
}

// done gives up one hold; the last calls release, when there is one.
func (l *bodyLease) done() {
	if l.holders.Add(-1) == 0 && l.release != nil {
		l.release()
	}
}

// leasedReader reads a leased body. Close waits for a Read in progress on
// another goroutine (net/http's HTTP/2 client may close a body while its
// writer reads it) and refuses any later Read, so that after Close nothing
// touches the buffer.
type leasedReader struct {
	mu     sync.Mutex
	lease  *bodyLease
	data   []byte
	closed bool
}

func (r *leasedReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0, errBodyClosed
	}
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func (r *leasedReader) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed, r.data = true, nil
	r.mu.Unlock()
	r.lease.done()
	return nil
}
