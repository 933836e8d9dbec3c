package transport

import "sync"

// buffers keeps request-body buffers for reuse by the background uploaders,
// so that steady sending does not allocate a new body per batch.
var buffers sync.Pool

// GetBuffer returns an empty buffer of capacity at least n, for a body whose
// Request.Release gives it back with PutBuffer.
func GetBuffer(n int) *[]byte {
	if p, ok := buffers.Get().(*[]byte); ok {
		if cap(*p) >= n {
			*p = (*p)[:0]
			return p
		}
		*p = make([]byte, 0, n)
		return p
	}
	b := make([]byte, 0, n)
	return &b
}

// PutBuffer gives a buffer back once nothing refers to its bytes any more:
// from a request's Release, never straight after Do.
func PutBuffer(p *[]byte) { buffers.Put(p) }
