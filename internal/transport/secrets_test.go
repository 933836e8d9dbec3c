package transport

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

const sentinelKey = "sk-SENTINEL-never-print-me"

// TestCredentialsNeverLeak runs every failure path with a debug logger and checks
// that the key, and its Basic-auth encoding, appear in no error, log record or
// formatted value.
func TestCredentialsNeverLeak(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	forbidden := []string{sentinelKey, base64.StdEncoding.EncodeToString([]byte("site:" + sentinelKey))}

	answers := &recorder{answers: []answer{{status: 401, body: `{"meta":{"error":"bad key"}}`}}}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	var outputs []string
	for _, tc := range []struct {
		base  string
		creds Credentials
		req   Request
	}{
		{"", Basic("site", sentinelKey), Request{Method: http.MethodPut, Path: "/api/v1/customers/1", Body: map[string]any{}}},
		{"", Bearer(sentinelKey), Request{Method: http.MethodGet, Path: "/v1/segments"}},
		{closed.URL, Basic("site", sentinelKey), Request{Method: http.MethodGet, Path: "/x"}},
		{"", Basic("site", sentinelKey), Request{Op: "op", Method: http.MethodPost, Path: "/x", Body: math.NaN()}},
		{"", Basic("site", sentinelKey), Request{Method: http.MethodGet, Path: "/slow"}},
	} {
		h := http.Handler(answers)
		if tc.req.Path == "/slow" {
			h = blockUntilCancelled
		}
		c, srv := newTestClient(t, h, tc.creds, customerio.WithLogger(logger), customerio.WithTimeout(20*time.Millisecond))
		if tc.base != "" {
			s, _ := settings.Resolve("", []customerio.Option{customerio.WithBaseURL(tc.base), customerio.WithLogger(logger), customerio.WithHTTPClient(srv.Client())})
			c = New(s, settings.TrackAPI, tc.creds)
		}
		_, err := c.Do(t.Context(), &tc.req)
		if err == nil {
			t.Fatalf("%s %s: no error", tc.req.Method, tc.req.Path)
		}
		outputs = append(outputs, err.Error(), fmt.Sprintf("%v %+v %#v", err, err, err))
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			outputs = append(outputs, fmt.Sprintf(verb, c), fmt.Sprintf(verb, tc.creds), fmt.Sprintf(verb, *c))
		}
	}
	outputs = append(outputs, logs.String())
	if !strings.Contains(logs.String(), "status=401") {
		t.Errorf("the debug log has no request records:\n%s", logs.String())
	}
	for _, out := range outputs {
		for _, secret := range forbidden {
			if strings.Contains(out, secret) || strings.Contains(out, fmt.Sprintf("%x", secret)) {
				t.Fatalf("secret %q leaked in: %s", secret, out)
			}
		}
	}
}
