package app

import (
	"net/url"
	"strconv"
	"time"
)

// params builds a query string in which unset values are left out and set ones
// are sent even when zero.
type params url.Values

func (q params) str(key, v string) {
	if v != "" {
		q[key] = []string{v}
	}
}

func (q params) intPtr(key string, v *int) {
	if v != nil {
		q[key] = []string{strconv.Itoa(*v)}
	}
}

func (q params) boolPtr(key string, v *bool) {
	if v != nil {
		q[key] = []string{strconv.FormatBool(*v)}
	}
}

// limit adds a page size, rejecting a negative one.
func (q params) limit(p *problems, v *int) {
	if v != nil && *v < 0 {
		p.add("limit", "must not be negative, got %d", *v)
		return
	}
	q.intPtr("limit", v)
}

// values returns q for a transport.Request, nil when empty.
func (q params) values() url.Values {
	if len(q) == 0 {
		return nil
	}
	return url.Values(q)
}

// unix adds t as Unix seconds, unless it is the zero time.
func (q params) unix(key string, t time.Time) {
	if !t.IsZero() {
		q[key] = []string{strconv.FormatInt(t.Unix(), 10)}
	}
}
