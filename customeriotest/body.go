package customeriotest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxRequestBytes bounds what the server reads of one body; Customer.io's
// largest documented request (a broadcast trigger) is 25 MB.
const maxRequestBytes = 32 << 20

// errBadGzip marks a body that claimed gzip encoding but was not.
var errBadGzip = errors.New("the body is not valid gzip")

// readBody reads r's body in full, decoding Content-Encoding: gzip.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes))
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(strings.TrimSpace(r.Header.Get("Content-Encoding")), "gzip") || len(raw) == 0 {
		return raw, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, errBadGzip
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxRequestBytes))
	if err != nil {
		return nil, errBadGzip
	}
	return out, nil
}

// decodeObject decodes a JSON object body. An empty body is an error: every
// route that calls it needs one.
func decodeObject(body []byte) (map[string]any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errors.New("a JSON object body is required")
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("the body is not a JSON object: %v", err)
	}
	if m == nil {
		return nil, errors.New("the body is not a JSON object: null")
	}
	return m, nil
}

// str returns m[key] when it is a string.
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// objectField returns m[key] when it is a JSON object.
func objectField(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

// scalarString renders an identifier given as a JSON string or number
// (Customer.io accepts {"id": 100} as well as {"id": "100"}).
func scalarString(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	}
	return "", false
}

// unixSeconds reads a Unix time given as a JSON number or numeric string.
func unixSeconds(v any) (int64, bool) {
	switch t := v.(type) {
	case float64:
		return int64(t), true
	case string:
		n, err := strconv.ParseInt(t, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// jsonSize is the length of v encoded as compact JSON.
func jsonSize(v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		return 0
	}
	return len(b)
}
