package webhook

import (
	"strings"
	"testing"
	"time"
)

func TestValidSignatureReferenceVector(t *testing.T) {
	if len(refBody) != 16 {
		t.Fatalf("reference body is %d bytes, want 16", len(refBody))
	}
	if !ValidSignature(refKey, refTimestamp, []byte(refBody), refSignature) {
		t.Fatal("reference vector does not verify")
	}
}

// TestValidSignatureEveryByteMatters changes each byte of each input in turn; no
// change may still verify.
func TestValidSignatureEveryByteMatters(t *testing.T) {
	flip := func(s string, i int) string {
		b := []byte(s)
		b[i] ^= 0x01
		return string(b)
	}
	inputs := []struct {
		name string
		len  int
		call func(i int) bool
	}{
		{"key", len(refKey), func(i int) bool {
			return ValidSignature(flip(refKey, i), refTimestamp, []byte(refBody), refSignature)
		}},
		{"timestamp", len(refTimestamp), func(i int) bool {
			return ValidSignature(refKey, flip(refTimestamp, i), []byte(refBody), refSignature)
		}},
		{"body", len(refBody), func(i int) bool {
			return ValidSignature(refKey, refTimestamp, []byte(flip(refBody, i)), refSignature)
		}},
		{"signature", len(refSignature), func(i int) bool {
			return ValidSignature(refKey, refTimestamp, []byte(refBody), flip(refSignature, i))
		}},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			for i := range in.len {
				if in.call(i) {
					t.Errorf("verifies with byte %d of the %s changed", i, in.name)
				}
			}
		})
	}
}

// TestValidSignatureParity is the table of async-customerio's validate_signature
// vectors, plus malformed input that must simply fail.
func TestValidSignatureParity(t *testing.T) {
	tests := []struct {
		name      string
		key       string
		timestamp string
		body      string
		signature string
		want      bool
	}{
		{"reference", refKey, refTimestamp, refBody, refSignature, true},
		{"v0= prefix", refKey, refTimestamp, refBody, "v0=" + refSignature, true},
		{"timestamp + 1", refKey, "1692633433", refBody, refSignature, false},
		{"timestamp + 1, its own digest", refKey, "1692633433", refBody,
			"897c91597233495477daa32925f19ffba03e2d6b774e33f71d02eb5cb16949b3", true},
		{"re-serialised body", refKey, refTimestamp, `{"key":"value"}`, refSignature, false},
		{"re-serialised body, its own digest", refKey, refTimestamp, `{"key":"value"}`,
			"dcae2de7743ef25dbfb6d324b4dbfe88f620c863d0c3cb3609fadde828d27495", true},
		{"one hex digit changed", refKey, refTimestamp, refBody,
			"d7c655389bb364d3e8bdbb6ec18a7f1b6cf91f39bba647554ada78aa61de37b8", false},
		{"uppercase", refKey, refTimestamp, refBody, strings.ToUpper(refSignature), false},
		{"uppercase with prefix", refKey, refTimestamp, refBody, "v0=" + strings.ToUpper(refSignature), false},
		{"digest of the hex-decoded key", refKey, refTimestamp, refBody,
			"620bf1d34b3ec050be01bc885dcb66bd8fa10a235e33d645b1db27e8764050b9", false},
		{"prefix removed only once", refKey, refTimestamp, refBody, "v0=v0=" + refSignature, false},
		{"uppercase prefix", refKey, refTimestamp, refBody, "V0=" + refSignature, false},
		{"prefix alone", refKey, refTimestamp, refBody, "v0=", false},
		{"empty signature", refKey, refTimestamp, refBody, "", false},
		{"too short", refKey, refTimestamp, refBody, refSignature[:63], false},
		{"too long", refKey, refTimestamp, refBody, refSignature + "0", false},
		{"not hex", refKey, refTimestamp, refBody, "zz" + refSignature[2:], false},
		{"surrounding space", refKey, refTimestamp, refBody, " " + refSignature, false},
		{"empty key", "", refTimestamp, refBody, refSignature, false},
		{"empty key, its own digest", "", refTimestamp, refBody, string(digest("", refTimestamp, []byte(refBody))), false},
		{"empty timestamp", refKey, "", refBody, refSignature, false},
		{"empty body", refKey, refTimestamp, "", refSignature, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ValidSignature(tt.key, tt.timestamp, []byte(tt.body), tt.signature)
			if got != tt.want {
				t.Errorf("ValidSignature = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSign(t *testing.T) {
	ts, sig := Sign(refKey, time.Unix(1692633432, 999_000_000), []byte(refBody))
	if ts != refTimestamp || sig != refSignature {
		t.Fatalf("Sign = (%q, %q), want (%q, %q)", ts, sig, refTimestamp, refSignature)
	}
	body := []byte(`{"event_id":"01HQZ7X5N3K2V8R4T6W9Y1C0DE"}`)
	ts, sig = Sign("another key", time.Unix(1700000000, 0), body)
	if !ValidSignature("another key", ts, body, sig) {
		t.Error("a signature from Sign does not verify")
	}
	if ValidSignature("another key", ts, body, strings.ToUpper(sig)) {
		t.Error("Sign's digest is not lowercase")
	}
}
