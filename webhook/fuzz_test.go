package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// FuzzValidSignature compares ValidSignature with a direct computation of the
// scheme. Seeds are in testdata/fuzz/FuzzValidSignature.
func FuzzValidSignature(f *testing.F) {
	f.Fuzz(func(t *testing.T, key, timestamp string, body []byte, signature string) {
		got := ValidSignature(key, timestamp, body, signature)
		if key == "" {
			if got {
				t.Fatal("an empty key verified a signature")
			}
			return
		}
		mac := hmac.New(sha256.New, []byte(key))
		mac.Write([]byte("v0:" + timestamp + ":"))
		mac.Write(body)
		want := hex.EncodeToString(mac.Sum(nil))
		if wantOK := signature == want || signature == "v0="+want; got != wantOK {
			t.Fatalf("ValidSignature(%q) = %v, want %v (digest %s)", signature, got, wantOK, want)
		}
		if !ValidSignature(key, timestamp, body, want) || !ValidSignature(key, timestamp, body, "v0="+want) {
			t.Fatal("the correct digest does not verify")
		}
		if upper := strings.ToUpper(want); upper != want && ValidSignature(key, timestamp, body, upper) {
			t.Fatal("an uppercase digest verifies")
		}
	})
}

// FuzzParseEvent checks that ParseEvent never panics, fails only with
// ErrInvalidEvent, and returns only complete events. Seeds are in
// testdata/fuzz/FuzzParseEvent.
func FuzzParseEvent(f *testing.F) {
	latest := time.Unix(maxEventUnix, 0)
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseEvent(body)
		if err != nil {
			if !errors.Is(err, ErrInvalidEvent) {
				t.Fatalf("error %v does not match ErrInvalidEvent", err)
			}
			if !reflect.DeepEqual(ev, Event{}) {
				t.Fatalf("error %v came with %+v", err, ev)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatal("accepted invalid JSON")
		}
		if ev.EventID == "" || ev.ObjectType == "" || ev.Metric == "" {
			t.Fatalf("accepted an incomplete envelope: %+v", ev)
		}
		if ev.Timestamp.Location() != time.UTC || ev.Timestamp.Before(time.Unix(0, 0)) || ev.Timestamp.After(latest) {
			t.Fatalf("Timestamp %v out of range", ev.Timestamp)
		}
		if raw := ev.Data.Raw; raw != nil && (!json.Valid(raw) || raw[0] != '{') {
			t.Fatalf("Data.Raw %q is not a JSON object", raw)
		}
		again, err := ParseEvent(body)
		if err != nil || !reflect.DeepEqual(again, ev) {
			t.Fatalf("second parse differs: %+v, %v", again, err)
		}
	})
}
