package webhook

import (
	"fmt"
	"io"
	"log/slog"
)

// Key is a webhook signing key held so that it cannot be printed. Build one with
// [NewKey].
//
// The key's bytes sit behind a pointer to a string. fmt prints such a pointer as
// an address wherever it cannot call Key's methods (inside an unexported struct
// field, or when a verb does not apply to the value, as %p of a Verifier), and
// every method of Key redacts it, so no fmt verb, slog or encoding/json shows the
// key. Key values cannot be compared with ==; the zero Key is the absent key.
type Key struct {
	_     [0]func() // makes Key incomparable: == would compare pointers, not keys
	value *string
}

// NewKey returns s as a [Key]. NewKey("") is the absent key, the same as Key{}.
// s is used exactly as given: a key read from a file or an environment variable
// must be trimmed first, or [Verifier.Verify] reports [ErrMalformedSigningKey].
func NewKey(s string) Key {
	if s == "" {
		return Key{}
	}
	return Key{value: &s}
}

// IsZero reports whether k is the absent key.
func (k Key) IsZero() bool { return k.value == nil }

// String returns "<redacted>", or "<empty>" for the absent key, never the key.
func (k Key) String() string {
	if k.IsZero() {
		return "<empty>"
	}
	return "<redacted>"
}

// GoString is String, so that %#v redacts the key too.
func (k Key) GoString() string { return k.String() }

// Format writes String under every verb and flag, so that %x, %q, %d and the
// like cannot reach the key either.
func (k Key) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, k.String()) }

// LogValue is String, so that slog redacts the key too.
func (k Key) LogValue() slog.Value { return slog.StringValue(k.String()) }

// reveal returns the key itself, for computing signatures only.
func (k Key) reveal() string {
	if k.value == nil {
		return ""
	}
	return *k.value
}
