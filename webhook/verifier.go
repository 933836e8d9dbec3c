package webhook

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Errors returned by [Verifier.Verify]. Match them with errors.Is: the error
// returned may wrap one of them with detail, but never with a signing key.
var (
	// ErrNoSigningKey means the Verifier has no SigningKey, so nothing can verify.
	ErrNoSigningKey = errors.New("webhook: no signing key configured")
	// ErrMalformedSigningKey means SigningKey or an entry of PreviousKeys starts
	// or ends with whitespace, such as the newline of a key read from a file.
	// Customer.io's keys never do, so such a key could never verify a delivery:
	// it is a configuration mistake, reported instead of rejecting every request
	// as unsigned.
	ErrMalformedSigningKey = errors.New("webhook: signing key has leading or trailing whitespace; trim it where it is configured")
	// ErrMissingHeader means X-CIO-Timestamp or X-CIO-Signature is absent or empty.
	ErrMissingHeader = errors.New("webhook: missing signature header")
	// ErrInvalidTimestamp means X-CIO-Timestamp is not a Unix time in decimal
	// seconds, which every Customer.io delivery carries.
	ErrInvalidTimestamp = errors.New("webhook: invalid timestamp")
	// ErrInvalidSignature means X-CIO-Signature is not the signature of this
	// timestamp and body under any configured signing key.
	ErrInvalidSignature = errors.New("webhook: invalid signature")
	// ErrTimestampOutOfRange means the signature is valid but X-CIO-Timestamp is
	// further from now than the Verifier's Tolerance.
	ErrTimestampOutOfRange = errors.New("webhook: timestamp outside tolerance")
	// ErrBodyTooLarge means the body is longer than the Verifier's MaxBodyBytes.
	ErrBodyTooLarge = errors.New("webhook: body too large")
)

// Defaults a zero Verifier field stands for.
const (
	// DefaultTolerance is the replay window used when Verifier.Tolerance is zero.
	DefaultTolerance = 5 * time.Minute
	// DefaultMaxBodyBytes is the body limit used when Verifier.MaxBodyBytes is zero.
	DefaultMaxBodyBytes = 1 << 20
)

// maxTimestampDigits bounds X-CIO-Timestamp so that any accepted value is a valid
// time.Time (current Unix times have 10 digits).
const maxTimestampDigits = 18

// Verifier checks that a request was sent by Customer.io's reporting webhooks: the
// X-CIO-Signature header must be the HMAC-SHA256 of the X-CIO-Timestamp header and
// the raw body under the workspace's webhook signing key (see [ValidSignature]),
// and the timestamp must be recent.
//
// The zero value of every field but SigningKey is usable. Do not change the fields
// of a Verifier while it is in use; a Verifier that is not changed is safe for
// concurrent use. The keys are [Key] values, so no way of printing a Verifier
// shows them: fmt under any verb (including %p of a Verifier value, and a
// Verifier in an unexported field of a printed struct) or slog.
type Verifier struct {
	// SigningKey is the webhook signing key shown with the reporting-webhook
	// configuration in Customer.io, made with [NewKey]. It is required: a Verifier
	// without it rejects every request with ErrNoSigningKey.
	SigningKey Key

	// PreviousKeys lists signing keys that are still accepted while a key is being
	// rotated. Put the new key in SigningKey and the old one here until Customer.io
	// signs only with the new key, then remove it. Empty entries are ignored.
	PreviousKeys []Key

	// Tolerance is how far X-CIO-Timestamp may be from Now, in either direction,
	// for a delivery to be accepted: the window [now − Tolerance, now + Tolerance]
	// is inclusive. Zero means DefaultTolerance (5 minutes); a negative value turns
	// the window off, leaving only the signature check.
	//
	// Customer.io retries a delivery that fails or times out for up to 7 days, and
	// whether a retry is signed again with a fresh timestamp is not documented. A
	// receiver that can fail should widen the window to cover the retries it wants
	// to accept, or turn it off and de-duplicate on the event id instead.
	Tolerance time.Duration

	// Now returns the current time for the tolerance check; nil means time.Now.
	Now func() time.Time

	// MaxBodyBytes is the largest body accepted. Zero means DefaultMaxBodyBytes
	// (1 MiB); a negative value removes the limit. Deliveries of "sent" events can
	// carry the whole message when the webhook includes body content, so raise the
	// limit if your messages are large.
	MaxBodyBytes int64
}

// Verify checks a delivery given its headers and raw body. It returns nil when the
// signature matches SigningKey or one of PreviousKeys and the timestamp is within
// Tolerance, and otherwise an error matching one of ErrNoSigningKey,
// ErrMalformedSigningKey, ErrBodyTooLarge, ErrMissingHeader, ErrInvalidTimestamp, ErrInvalidSignature or
// ErrTimestampOutOfRange.
//
// The signature is checked before the timestamp, so ErrTimestampOutOfRange always
// means an authentic delivery that is too old or too far in the future — for
// example a late retry.
func (v *Verifier) Verify(h http.Header, body []byte) error {
	if err := v.keyError(); err != nil {
		return err
	}
	if limit := v.maxBodyBytes(); limit > 0 && int64(len(body)) > limit {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrBodyTooLarge, len(body), limit)
	}
	timestamp := h.Get(HeaderTimestamp)
	if timestamp == "" {
		return fmt.Errorf("%w: %s", ErrMissingHeader, HeaderTimestamp)
	}
	signature := h.Get(HeaderSignature)
	if signature == "" {
		return fmt.Errorf("%w: %s", ErrMissingHeader, HeaderSignature)
	}
	signedAt, err := parseTimestamp(timestamp)
	if err != nil {
		return err
	}
	if !v.matchesAnyKey(timestamp, body, signature) {
		if len(strings.TrimPrefix(signature, signaturePrefix)) != signatureLen {
			return fmt.Errorf("%w: %s is not 64 characters long", ErrInvalidSignature, HeaderSignature)
		}
		return fmt.Errorf("%w: no signing key matches", ErrInvalidSignature)
	}
	if tolerance := v.tolerance(); tolerance > 0 {
		skew := v.now().Sub(signedAt)
		if skew < -tolerance || skew > tolerance {
			return fmt.Errorf("%w: signed at %s, %s from now, tolerance %s",
				ErrTimestampOutOfRange, timestamp, skew.Abs(), tolerance)
		}
	}
	return nil
}

// String describes v with its signing keys redacted.
func (v Verifier) String() string {
	return fmt.Sprintf("webhook.Verifier{SigningKey:%s PreviousKeys:<%d redacted> Tolerance:%s MaxBodyBytes:%d}",
		v.SigningKey.String(), len(v.PreviousKeys), v.tolerance(), v.maxBodyBytes())
}

// GoString is String, so that %#v redacts the signing keys too.
func (v Verifier) GoString() string { return v.String() }

// Format writes String under every verb and flag (%d, %x, %+v, …). The %p verb
// on a *Verifier still prints its address.
func (v Verifier) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, v.String()) }

// LogValue is String, so that slog redacts the signing keys too.
func (v Verifier) LogValue() slog.Value { return slog.StringValue(v.String()) }

// keyError reports a Verifier that cannot verify anything: no SigningKey, or a
// key with surrounding whitespace, named by its field but never shown.
func (v *Verifier) keyError() error {
	if v == nil || v.SigningKey.IsZero() {
		return ErrNoSigningKey
	}
	if padded(v.SigningKey.reveal()) {
		return fmt.Errorf("%w (SigningKey)", ErrMalformedSigningKey)
	}
	for i, key := range v.PreviousKeys {
		if padded(key.reveal()) {
			return fmt.Errorf("%w (PreviousKeys[%d])", ErrMalformedSigningKey, i)
		}
	}
	return nil
}

// padded reports whether key starts or ends with whitespace.
func padded(key string) bool { return strings.TrimSpace(key) != key }

func (v *Verifier) matchesAnyKey(timestamp string, body []byte, signature string) bool {
	if ValidSignature(v.SigningKey.reveal(), timestamp, body, signature) {
		return true
	}
	for _, key := range v.PreviousKeys {
		if ValidSignature(key.reveal(), timestamp, body, signature) {
			return true
		}
	}
	return false
}

func (v *Verifier) tolerance() time.Duration {
	if v.Tolerance == 0 {
		return DefaultTolerance
	}
	return v.Tolerance
}

func (v *Verifier) maxBodyBytes() int64 {
	if v.MaxBodyBytes == 0 {
		return DefaultMaxBodyBytes
	}
	return v.MaxBodyBytes
}

func (v *Verifier) now() time.Time {
	if v.Now == nil {
		return time.Now()
	}
	return v.Now()
}

// parseTimestamp reads an X-CIO-Timestamp value: decimal digits only, no sign,
// no spaces.
func parseTimestamp(s string) (time.Time, error) {
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil || len(s) > maxTimestampDigits || s[0] < '0' || s[0] > '9' {
		return time.Time{}, fmt.Errorf("%w: %s is not Unix seconds in decimal", ErrInvalidTimestamp, HeaderTimestamp)
	}
	return time.Unix(sec, 0), nil
}
