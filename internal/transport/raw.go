package transport

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	"github.com/gocustomerio/customerio/internal/validate"
)

// RawRequest checks and builds the request of a client's Do escape hatch, so
// that every client refuses the same calls before any I/O:
//
//   - method is GET, POST, PUT, PATCH or DELETE, the methods Customer.io's APIs
//     use;
//   - path starts with "/", carries no query or fragment, escapes every
//     character a path segment must escape, has well-formed %-escapes and no
//     "." or ".." segment, escaped or not;
//   - a GET has no body; a json.RawMessage body must be valid JSON and is sent
//     as it is; a []byte is refused, since JSON would send it as base64;
//   - out is nil or a non-nil pointer.
//
// maxBody, when positive, bounds the encoded body, as Request.MaxBodyBytes.
func RawRequest(op, method, path string, body, out any, maxBody int) (*Request, error) {
	req := &Request{Op: op, Method: method, Path: path, MaxBodyBytes: maxBody}
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return nil, validate.Field(op, "method", "must be GET, POST, PUT, PATCH or DELETE, not %q", method)
	}
	if err := checkRawPath(op, path); err != nil {
		return nil, err
	}
	if body != nil {
		if method == http.MethodGet {
			return nil, validate.Field(op, "body", "a GET request takes no body")
		}
		switch b := body.(type) {
		case json.RawMessage:
			if !json.Valid(b) {
				return nil, validate.Field(op, "body", "is a json.RawMessage that is not valid JSON")
			}
			req.RawBody = b
		case []byte:
			return nil, validate.Field(op, "body", "is a []byte, which JSON sends as base64; pass a json.RawMessage to send bytes as they are")
		default:
			req.Body = body
		}
	}
	if out != nil {
		if rv := reflect.ValueOf(out); rv.Kind() != reflect.Pointer || rv.IsNil() {
			return nil, validate.Field(op, "out", "must be nil or a non-nil pointer, not %T", out)
		}
	}
	return req, nil
}

// checkRawPath refuses a path that Do cannot send exactly as given.
func checkRawPath(op, path string) error {
	if !strings.HasPrefix(path, "/") {
		return validate.Field(op, "path", "must start with \"/\", not %q", path)
	}
	for i := 0; i < len(path); i++ {
		switch b := path[i]; {
		case b == '?' || b == '#':
			return validate.Field(op, "path", "must not hold a query or a fragment (%q); Do sends the path only", string(b))
		case b == '%':
			if i+2 >= len(path) || !isHex(path[i+1]) || !isHex(path[i+2]) {
				return validate.Field(op, "path", "has a malformed %%-escape at byte %d", i)
			}
		case !isPathChar(b):
			return validate.Field(op, "path", "holds %q at byte %d, which must be escaped (url.PathEscape each segment)", string(b), i)
		}
	}
	for _, seg := range strings.Split(path[1:], "/") {
		// %2E is ".", so "%2e%2E" is a dot segment a server may resolve too.
		if s := strings.ReplaceAll(strings.ToLower(seg), "%2e", "."); s == "." || s == ".." {
			return validate.Field(op, "path", "must not hold a %q segment", seg)
		}
	}
	return nil
}

// isPathChar reports whether b may appear unescaped in a path: RFC 3986's
// unreserved characters, sub-delimiters, ":", "@" and "/".
func isPathChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/", b) >= 0
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}
