package jsonwrite

import "encoding/json"

// FallbackError is encoding/json's refusal of a value the writer handed it
// (a type JSON has no form for, a failing MarshalJSON); callers unwrap it to
// explain the refusal in their own terms.
type FallbackError struct{ Err error }

func (f *FallbackError) Error() string { return f.Err.Error() }

func (f *FallbackError) Unwrap() error { return f.Err }

// sink is where the fallback json.Encoder writes: the buffer of the value
// being written, handed over for the one call.
type sink struct{ b []byte }

func (s *sink) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

// appendOther writes a value of a type the writer does not know, found depth
// levels down: normalized by w.Normalize when set, then encoded by
// encoding/json, whose encoder is made on first use and kept.
func (w *Writer) appendOther(b []byte, v any, depth int) ([]byte, error) {
	if w.Normalize != nil {
		nv, err := w.Normalize(v, depth)
		if err != nil {
			return b, ErrNotWritable
		}
		v = nv
	}
	if w.fallback == nil {
		w.fallback = json.NewEncoder(&w.sink)
	}
	w.sink.b = b
	err := w.fallback.Encode(v)
	b = w.sink.b
	w.sink.b = nil
	if err != nil {
		return b, &FallbackError{err}
	}
	return b[:len(b)-1], nil // json.Encoder ends each value with a newline
}
