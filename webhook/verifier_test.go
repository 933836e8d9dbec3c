package webhook

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

// refTime is the reference vector's signing time.
var refTime = time.Unix(1692633432, 0)

// signedHeader returns the headers Customer.io would send with body at ts.
func signedHeader(key string, ts time.Time, body []byte) http.Header {
	timestamp, signature := Sign(key, ts, body)
	h := http.Header{}
	h.Set(HeaderTimestamp, timestamp)
	h.Set(HeaderSignature, signature)
	return h
}

func at(t time.Time) func() time.Time { return func() time.Time { return t } }

func TestVerifyErrors(t *testing.T) {
	body := []byte(refBody)
	good := func() http.Header { return signedHeader(refKey, refTime, body) }
	with := func(name, value string) http.Header {
		h := good()
		h.Set(name, value)
		return h
	}
	without := func(name string) http.Header {
		h := good()
		h.Del(name)
		return h
	}
	verifier := func() *Verifier { return &Verifier{SigningKey: NewKey(refKey), Now: at(refTime)} }

	tests := []struct {
		name     string
		verifier *Verifier
		header   http.Header
		body     []byte
		want     error
	}{
		{"valid", verifier(), good(), body, nil},
		{"valid with v0= prefix", verifier(), with(HeaderSignature, "v0="+refSignature), body, nil},
		{"header names are case-insensitive", verifier(), http.Header{
			"X-Cio-Timestamp": {refTimestamp}, "X-Cio-Signature": {refSignature},
		}, body, nil},
		{"nil verifier", nil, good(), body, ErrNoSigningKey},
		{"empty signing key", &Verifier{Now: at(refTime)}, good(), body, ErrNoSigningKey},
		{"empty signing key, previous key set", &Verifier{PreviousKeys: []Key{NewKey(refKey)}, Now: at(refTime)},
			good(), body, ErrNoSigningKey},
		{"body over the limit", &Verifier{SigningKey: NewKey(refKey), Now: at(refTime), MaxBodyBytes: 15}, good(), body, ErrBodyTooLarge},
		{"body at the limit", &Verifier{SigningKey: NewKey(refKey), Now: at(refTime), MaxBodyBytes: 16}, good(), body, nil},
		{"body over the default limit", verifier(), good(), make([]byte, DefaultMaxBodyBytes+1), ErrBodyTooLarge},
		{"no headers", verifier(), nil, body, ErrMissingHeader},
		{"no timestamp", verifier(), without(HeaderTimestamp), body, ErrMissingHeader},
		{"empty timestamp", verifier(), with(HeaderTimestamp, ""), body, ErrMissingHeader},
		{"no signature", verifier(), without(HeaderSignature), body, ErrMissingHeader},
		{"empty signature", verifier(), with(HeaderSignature, ""), body, ErrMissingHeader},
		{"non-numeric timestamp", verifier(), with(HeaderTimestamp, "yesterday"), body, ErrInvalidTimestamp},
		{"signed timestamp", verifier(), with(HeaderTimestamp, "+1692633432"), body, ErrInvalidTimestamp},
		{"negative timestamp", verifier(), with(HeaderTimestamp, "-1692633432"), body, ErrInvalidTimestamp},
		{"fractional timestamp", verifier(), with(HeaderTimestamp, "1692633432.5"), body, ErrInvalidTimestamp},
		{"timestamp with space", verifier(), with(HeaderTimestamp, "1692633432 1"), body, ErrInvalidTimestamp},
		{"timestamp too long", verifier(), with(HeaderTimestamp, strings.Repeat("9", 19)), body, ErrInvalidTimestamp},
		{"wrong signature", verifier(), with(HeaderSignature, strings.Repeat("0", 64)), body, ErrInvalidSignature},
		{"uppercase signature", verifier(), with(HeaderSignature, strings.ToUpper(refSignature)), body, ErrInvalidSignature},
		{"short signature", verifier(), with(HeaderSignature, "abc"), body, ErrInvalidSignature},
		{"non-hex signature", verifier(), with(HeaderSignature, strings.Repeat("g", 64)), body, ErrInvalidSignature},
		{"other timestamp", verifier(), with(HeaderTimestamp, "1692633433"), body, ErrInvalidSignature},
		{"other body", verifier(), good(), []byte(`{"key":"value"}`), ErrInvalidSignature},
		{"wrong key", &Verifier{SigningKey: NewKey("not the key"), Now: at(refTime)}, good(), body, ErrInvalidSignature},
		{"signed with an empty key", verifier(), signedHeader("", refTime, body), body, ErrInvalidSignature},
		{"stale", &Verifier{SigningKey: NewKey(refKey), Now: at(refTime.Add(time.Hour))}, good(), body, ErrTimestampOutOfRange},
		{"from the future", &Verifier{SigningKey: NewKey(refKey), Now: at(refTime.Add(-time.Hour))}, good(), body, ErrTimestampOutOfRange},
		{"stale against the clock", &Verifier{SigningKey: NewKey(refKey)}, good(), body, ErrTimestampOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.verifier.Verify(tt.header, tt.body)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), refKey) {
				t.Errorf("error %q contains the signing key", err)
			}
		})
	}
}

func TestVerifyTolerance(t *testing.T) {
	const second = time.Second
	tests := []struct {
		name      string
		tolerance time.Duration
		// offset is now minus the signing time.
		offset time.Duration
		wantOK bool
	}{
		{"same second", 0, 0, true},
		{"inside, past", 0, 4*time.Minute + 59*second, true},
		{"at the edge, past", 0, DefaultTolerance, true},
		{"outside, past", 0, DefaultTolerance + second, false},
		{"just outside, past, sub-second clock", 0, DefaultTolerance + time.Millisecond, false},
		{"inside, future", 0, -4 * time.Minute, true},
		{"at the edge, future", 0, -DefaultTolerance, true},
		{"outside, future", 0, -DefaultTolerance - second, false},
		{"custom window, inside", time.Hour, 59 * time.Minute, true},
		{"custom window, at the edge", time.Hour, -time.Hour, true},
		{"custom window, outside", time.Hour, time.Hour + second, false},
		{"one second window, at the edge", second, second, true},
		{"negative disables, a week late", -1, 7 * 24 * time.Hour, true},
		{"negative disables, a year early", -time.Hour, -365 * 24 * time.Hour, true},
		{"negative disables, epoch", -1, time.Duration(refTime.Unix()) * second, true},
	}
	body := []byte(refBody)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &Verifier{SigningKey: NewKey(refKey), Tolerance: tt.tolerance, Now: at(refTime.Add(tt.offset))}
			err := v.Verify(signedHeader(refKey, refTime, body), body)
			switch {
			case tt.wantOK && err != nil:
				t.Fatalf("Verify = %v, want nil", err)
			case !tt.wantOK && !errors.Is(err, ErrTimestampOutOfRange):
				t.Fatalf("Verify = %v, want ErrTimestampOutOfRange", err)
			}
		})
	}
}

// TestVerifyOutOfRangeNeedsValidSignature: a stale request with a bad signature is
// a bad signature, so ErrTimestampOutOfRange always means an authentic delivery.
func TestVerifyOutOfRangeNeedsValidSignature(t *testing.T) {
	v := &Verifier{SigningKey: NewKey(refKey), Now: at(refTime.Add(24 * time.Hour))}
	h := signedHeader("some other key", refTime, []byte(refBody))
	if err := v.Verify(h, []byte(refBody)); !errors.Is(err, ErrInvalidSignature) {
		t.Fatalf("Verify = %v, want ErrInvalidSignature", err)
	}
}

func TestVerifyKeyRotation(t *testing.T) {
	const (
		oldKey   = "old-signing-key-3f9a"
		newKey   = "new-signing-key-81c2"
		otherKey = "some-other-workspace-key"
	)
	v := &Verifier{SigningKey: NewKey(newKey), PreviousKeys: []Key{NewKey(""), NewKey(oldKey)}, Now: at(refTime)}
	body := []byte(refBody)
	tests := []struct {
		name string
		key  string
		want error
	}{
		{"new key", newKey, nil},
		{"old key", oldKey, nil},
		{"unknown key", otherKey, ErrInvalidSignature},
		{"empty key", "", ErrInvalidSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Verify(signedHeader(tt.key, refTime, body), body)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifierRedactsKeys(t *testing.T) {
	const previous = "previous-secret-key"
	v := Verifier{SigningKey: NewKey(refKey), PreviousKeys: []Key{NewKey(previous)}, Tolerance: -1}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("configured", "verifier", v, "pointer", &v)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("configured", "verifier", v, "pointer", &v)
	outputs := []string{
		fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v), fmt.Sprint(&v),
		fmt.Sprintf("%+v", &v), fmt.Sprintf("%#v", &v), fmt.Sprint(v), logs.String(),
	}
	for _, out := range outputs {
		if strings.Contains(out, refKey) || strings.Contains(out, previous) {
			t.Errorf("output shows a signing key: %s", out)
		}
	}
	want := "webhook.Verifier{SigningKey:<redacted> PreviousKeys:<1 redacted> Tolerance:-1ns MaxBodyBytes:1048576}"
	if got := v.String(); got != want {
		t.Errorf("String = %s, want %s", got, want)
	}
	if got := (Verifier{}).String(); !strings.Contains(got, "SigningKey:<empty>") || !strings.Contains(got, "Tolerance:5m0s") {
		t.Errorf("String of the zero Verifier = %s", got)
	}
}
