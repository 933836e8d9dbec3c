package transport

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// maxErrorBody caps how much of an error response is kept; success bodies are
// never capped.
const maxErrorBody = 64 << 10

// maxRetryAfter caps a server's Retry-After so a bad header cannot park a caller.
const maxRetryAfter = 5 * time.Minute

func newAPIError(method, url, requestID string, resp *http.Response, body []byte, now time.Time) *customerio.APIError {
	e := &customerio.APIError{
		StatusCode: resp.StatusCode,
		Method:     method,
		URL:        url,
		Body:       body,
		RequestID:  requestID,
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), now),
	}
	e.Message, e.Details = parseErrorBody(body)
	return e
}

// parseRetryAfter reads both forms of Retry-After (delta-seconds and HTTP-date),
// capped at maxRetryAfter; zero when absent, past or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

// errorBody covers every error shape Customer.io documents:
// {"meta":{"error":"…"}}, {"meta":{"errors":[…]}}, {"errors":[{reason, field,
// message}]} and {"errors":[{"detail":"…"}]}.
type errorBody struct {
	Meta struct {
		Error  string            `json:"error"`
		Errors []json.RawMessage `json:"errors"`
	} `json:"meta"`
	Errors []struct {
		Reason  string `json:"reason"`
		Field   string `json:"field"`
		Message string `json:"message"`
		Detail  string `json:"detail"`
	} `json:"errors"`
}

// parseErrorBody finds the message in an error body. The body is opaque bytes
// first: gateway errors may be empty, HTML or plain text.
func parseErrorBody(body []byte) (string, []customerio.ErrorDetail) {
	trimmed := strings.TrimSpace(string(body))
	if trimmed == "" {
		return "", nil
	}
	var eb errorBody
	if trimmed[0] != '{' || json.Unmarshal(body, &eb) != nil {
		if len(trimmed) > 300 || strings.HasPrefix(trimmed, "<") {
			return "", nil
		}
		return trimmed, nil
	}
	var parts []string
	if eb.Meta.Error != "" {
		parts = append(parts, eb.Meta.Error)
	}
	for _, raw := range eb.Meta.Errors {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			parts = append(parts, s)
		} else {
			parts = append(parts, string(raw))
		}
	}
	var details []customerio.ErrorDetail
	for _, e := range eb.Errors {
		msg := e.Message
		if msg == "" {
			msg = e.Detail
		}
		if msg == "" {
			msg = e.Reason
		}
		details = append(details, customerio.ErrorDetail{Reason: e.Reason, Field: e.Field, Message: msg})
		if e.Field != "" {
			msg = e.Field + ": " + msg
		}
		parts = append(parts, msg)
	}
	return strings.Join(parts, "; "), details
}
