package jsonwrite

import (
	"strconv"
	"time"
)

// appendTime appends t as the writer's APIs want it: Unix seconds when
// UnixTimes is set (Track v2 takes times as numbers), else the RFC 3339 string
// encoding/json writes through time.Time's MarshalJSON. A time MarshalJSON
// refuses (a year outside 0 to 9999, a zone offset of a day or more) goes to
// encoding/json, so that it fails with encoding/json's own error.
func (w *Writer) appendTime(b []byte, t time.Time, depth int) ([]byte, error) {
	if w.UnixTimes {
		return strconv.AppendInt(b, t.Unix(), 10), nil
	}
	_, offset := t.Zone()
	if y := t.Year(); y < 0 || y > 9999 || offset <= -24*60*60 || offset >= 24*60*60 {
		return w.appendOther(b, t, depth)
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}
