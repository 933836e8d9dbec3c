package webhook

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestSigningKeyWithTrailingNewlineIsAConfigError pins that a signing key with
// surrounding whitespace, as read from a file with its newline, is reported as
// ErrMalformedSigningKey naming the field, not as a signature that never matches,
// and that the error does not show the key.
func TestSigningKeyWithTrailingNewlineIsAConfigError(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef"
	now := time.Unix(1_700_000_000, 0)
	body := []byte(`{"event_id":"e"}`)
	ts, sig := Sign(key, now, body)
	h := http.Header{}
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSignature, sig)
	tests := []struct {
		v     Verifier
		field string
	}{
		{Verifier{SigningKey: NewKey(key + "\n")}, "SigningKey"},
		{Verifier{SigningKey: NewKey(" " + key)}, "SigningKey"},
		{Verifier{SigningKey: NewKey(key), PreviousKeys: []Key{NewKey("old"), NewKey("older\t")}}, "PreviousKeys[1]"},
	}
	for _, tt := range tests {
		tt.v.Now = func() time.Time { return now }
		err := tt.v.Verify(h, body)
		if !errors.Is(err, ErrMalformedSigningKey) || !strings.Contains(err.Error(), tt.field) {
			t.Errorf("%s padded: err = %v, want ErrMalformedSigningKey naming %s", tt.field, err, tt.field)
		}
		if err != nil && (strings.Contains(err.Error(), key) || strings.Contains(err.Error(), "older")) {
			t.Errorf("error shows a key: %v", err)
		}
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body)))
		req.Header = h.Clone()
		tt.v.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
			t.Error("next called with a misconfigured key")
		})).ServeHTTP(rec, req)
		if rec.Code != http.StatusInternalServerError {
			t.Errorf("%s padded: middleware answered %d, want 500", tt.field, rec.Code)
		}
	}
	good := Verifier{SigningKey: NewKey(key), Now: func() time.Time { return now }}
	if err := good.Verify(h, body); err != nil {
		t.Errorf("trimmed key: %v", err)
	}
}
