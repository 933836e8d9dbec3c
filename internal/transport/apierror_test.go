package transport

import (
	"net/http"
	"reflect"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func TestParseErrorBody(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		message string
		details []customerio.ErrorDetail
	}{
		{"empty", "", "", nil},
		{"v1 validation", `{"meta":{"errors":["id is required","platform is invalid"]}}`, "id is required; platform is invalid", nil},
		{"merge and sends", `{"meta":{"error":"primary not found"}}`, "primary not found", nil},
		{"v2 and pipelines", `{"errors":[{"reason":"required","field":"identifiers","message":"missing"}]}`, "identifiers: missing",
			[]customerio.ErrorDetail{{Reason: "required", Field: "identifiers", Message: "missing"}}},
		{"newsletters", `{"errors":[{"detail":"name is blank"}]}`, "name is blank", []customerio.ErrorDetail{{Message: "name is blank"}}},
		{"plain text", "upstream connect error\n", "upstream connect error", nil},
		{"html gateway page", "<html><body>502</body></html>", "", nil},
		{"broken JSON", `{"meta":`, `{"meta":`, nil},
		{"non-string meta errors", `{"meta":{"errors":[{"x":1}]}}`, `{"x":1}`, nil},
	}
	for _, tt := range tests {
		msg, details := parseErrorBody([]byte(tt.body))
		if msg != tt.message || !reflect.DeepEqual(details, tt.details) {
			t.Errorf("%s: got %q %+v, want %q %+v", tt.name, msg, details, tt.message, tt.details)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"-5", 0},
		{"7", 7 * time.Second},
		{" 120 ", 2 * time.Minute},
		{"86400", maxRetryAfter},
		{"99999999999999999999", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), maxRetryAfter},
		{"Tue, 24 Nov 2026 12:00:30 GMT", 30 * time.Second},
		{"soon", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.value, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.value, got, tt.want)
		}
	}
}
