package transport

import (
	"net/url"
	"strings"
)

// Escape escapes s as exactly one path segment: url.PathEscape, plus "+" as
// "%2B" so that a phone number or an email with a plus can never be read as a
// space by the server.
func Escape(s string) string {
	e := url.PathEscape(s)
	if strings.Contains(e, "+") {
		e = strings.ReplaceAll(e, "+", "%2B")
	}
	return e
}

// Path joins prefix with each segment escaped by Escape:
// Path("/api/v1/customers", id, "devices") is "/api/v1/customers/<id>/devices".
func Path(prefix string, segments ...string) string {
	n := len(prefix)
	for _, s := range segments {
		n += 1 + len(s)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(prefix)
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(Escape(s))
	}
	return b.String()
}
