package app

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// unixTime decodes the timestamps of App API responses, which are Unix seconds,
// into time.Time in UTC. It also reads fractional seconds, a number in a string,
// and an RFC 3339 string, so a result re-encoded with encoding/json reads back.
// null and 0 mean "no time" and give the zero time.Time, so IsZero tells an unset
// timestamp.
type unixTime time.Time

func (u *unixTime) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*u = unixTime{}
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			*u = unixTime{}
			return nil
		}
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			*u = unixTime(t.UTC())
			return nil
		}
	}
	t, err := parseUnix(s)
	if err != nil {
		return fmt.Errorf("timestamp %s: want Unix seconds", b)
	}
	*u = unixTime(t)
	return nil
}

// parseUnix reads whole or fractional Unix seconds.
func parseUnix(s string) (time.Time, error) {
	if secs, err := strconv.ParseInt(s, 10, 64); err == nil {
		if secs == 0 {
			return time.Time{}, nil
		}
		return time.Unix(secs, 0).UTC(), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return time.Time{}, err
	}
	if f == 0 {
		return time.Time{}, nil
	}
	secs := int64(f)
	return time.Unix(secs, int64((f-float64(secs))*1e9)).UTC(), nil
}

// timeMap converts a map of decoded timestamps, keeping nil as nil.
func timeMap(m map[string]unixTime) map[string]time.Time {
	if m == nil {
		return nil
	}
	out := make(map[string]time.Time, len(m))
	for k, v := range m {
		out[k] = time.Time(v)
	}
	return out
}

// unixSeconds is t as Unix seconds for a request, 0 (left out) for the zero time.
func unixSeconds(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
