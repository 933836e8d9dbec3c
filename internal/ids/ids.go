// Package ids makes the identifiers the library generates: ULIDs for event
// de-duplication and UUIDs for X-Request-Id.
package ids

import (
	"math/rand/v2"
	"time"
)

// crockford is the ULID alphabet: Crockford's base32, without I, L, O and U.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ULID returns a new ULID: 48 bits of Unix milliseconds then 80 random bits, as 26
// characters that sort by creation time. Customer.io recommends ULIDs as event ids
// and drops a repeated id, which makes a retried event safe.
//
// The random bits come from math/rand/v2's runtime-seeded generator: they must be
// unique, not secret.
func ULID() string {
	var out [ULIDLen]byte
	return string(appendULIDAt(out[:0], time.Now(), rand.Uint64(), rand.Uint64()))
}

// ULIDLen is the length of a ULID in characters.
const ULIDLen = 26

// AppendULID appends a new ULID, as ULID makes it, to b: an encoder writing
// the id straight into its buffer saves the string ULID allocates.
func AppendULID(b []byte) []byte {
	return appendULIDAt(b, time.Now(), rand.Uint64(), rand.Uint64())
}

func appendULIDAt(b []byte, t time.Time, r1, r2 uint64) []byte {
	ms := uint64(t.UnixMilli()) & (1<<48 - 1)
	// 128 bits: hi = 48 bits of time + 16 random bits, lo = 64 random bits.
	hi := ms<<16 | r1&0xFFFF
	lo := r2
	var out [ULIDLen]byte
	// 26 base32 digits hold 130 bits; the first digit carries the top 3 bits.
	for i := ULIDLen - 1; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return append(b, out[:]...)
}

// UUID returns a random version 4 UUID in lowercase hyphenated form.
func UUID() string {
	var out [UUIDLen]byte
	return string(AppendUUID(out[:0]))
}

// UUIDLen is the length of a UUID in characters.
const UUIDLen = 36

// AppendUUID appends a new UUID, as UUID makes it, to b: an encoder writing
// the id straight into its buffer saves the string UUID allocates.
func AppendUUID(b []byte) []byte {
	var raw [16]byte
	r1, r2 := rand.Uint64(), rand.Uint64()
	for i := range 8 {
		raw[i] = byte(r1 >> (8 * i))
		raw[8+i] = byte(r2 >> (8 * i))
	}
	raw[6] = raw[6]&0x0F | 0x40
	raw[8] = raw[8]&0x3F | 0x80
	const hexdigits = "0123456789abcdef"
	var out [UUIDLen]byte
	j := 0
	for i, c := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j] = hexdigits[c>>4]
		out[j+1] = hexdigits[c&0x0F]
		j += 2
	}
	return append(b, out[:]...)
}
