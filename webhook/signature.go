package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Header names Customer.io sets on every reporting-webhook delivery.
const (
	// HeaderTimestamp carries the Unix time, in decimal seconds, at which
	// Customer.io signed the delivery.
	HeaderTimestamp = "X-CIO-Timestamp"
	// HeaderSignature carries the lowercase hex HMAC-SHA256 of the delivery.
	HeaderSignature = "X-CIO-Signature"
)

// signatureLen is the length of a signature without its prefix: a SHA-256 digest
// in hex.
const signatureLen = 2 * sha256.Size

// signaturePrefix is the version tag a signature may carry; it is removed once
// before comparing.
const signaturePrefix = "v0="

// ValidSignature reports whether signature is the one Customer.io computes for a
// reporting-webhook delivery with this timestamp and body.
//
// Customer.io signs the bytes "v0:" + timestamp + ":" + body with HMAC-SHA256,
// keyed with the bytes of the webhook signing key exactly as shown in the
// reporting-webhook settings (the key looks like hex but is not hex-decoded), and
// sends the lowercase hex digest in the X-CIO-Signature header. timestamp is the
// X-CIO-Timestamp header value as received and body the raw request body: a body
// that was decoded and encoded again will not match.
//
// One leading "v0=" on signature is ignored. The comparison takes constant time
// and is case-sensitive, so an uppercase digest does not match. An empty signing
// key never matches, since anyone can compute an HMAC with an empty key. Malformed
// input (a signature of the wrong length, not hex, …) simply yields false.
//
// ValidSignature does not look at how old the timestamp is; [Verifier] adds that
// check and reads the headers.
func ValidSignature(signingKey, timestamp string, body []byte, signature string) bool {
	if signingKey == "" {
		return false
	}
	signature = strings.TrimPrefix(signature, signaturePrefix)
	return hmac.Equal([]byte(signature), digest(signingKey, timestamp, body))
}

// Sign returns the X-CIO-Timestamp and X-CIO-Signature header values Customer.io
// would send with body at time ts, so that handlers can be tested with deliveries
// that verify. The timestamp is ts in whole Unix seconds; the signature is the bare
// lowercase hex digest, without a "v0=" prefix. A time before 1970 gives a
// negative timestamp, which Verifier rejects as Customer.io never sends one.
//
// A signature made with an empty signing key is never accepted by
// [ValidSignature] or [Verifier].
func Sign(signingKey string, ts time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(ts.Unix(), 10)
	return timestamp, string(digest(signingKey, timestamp, body))
}

// digest is the lowercase hex HMAC-SHA256 of "v0:" + timestamp + ":" + body,
// keyed with the bytes of signingKey.
func digest(signingKey, timestamp string, body []byte) []byte {
	mac := hmac.New(sha256.New, []byte(signingKey))
	mac.Write([]byte("v0:"))
	mac.Write([]byte(timestamp))
	mac.Write([]byte(":"))
	mac.Write(body)
	var sum [sha256.Size]byte
	out := make([]byte, signatureLen)
	hex.Encode(out, mac.Sum(sum[:0]))
	return out
}
