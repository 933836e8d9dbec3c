package pipelines

import (
	"compress/gzip"
	"io"
	"sync"
)

// gzipWriters keeps gzip writers for reuse: each holds about 256 KB of
// compression state, too much to allocate per request.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

// appendWriter is an io.Writer appending to a byte slice.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// appendGzip appends src, gzip-compressed, to dst.
func appendGzip(dst, src []byte) []byte {
	zw := gzipWriters.Get().(*gzip.Writer)
	out := &appendWriter{b: dst}
	zw.Reset(out)
	// Writes to an appendWriter cannot fail.
	_, _ = zw.Write(src)
	_ = zw.Close()
	zw.Reset(io.Discard) // let go of out before pooling
	gzipWriters.Put(zw)
	return out.b
}
