package customeriotest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// The headers Customer.io signs reporting-webhook deliveries with.
const (
	headerCIOTimestamp = "X-CIO-Timestamp"
	headerCIOSignature = "X-CIO-Signature"
)

// signWebhook returns the X-CIO-Timestamp and X-CIO-Signature of body sent at
// now: the lowercase hex HMAC-SHA256 of "v0:" + timestamp + ":" + body, keyed
// with the bytes of the signing key as shown in Customer.io (not hex-decoded).
func signWebhook(signingKey string, now time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(now.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(signingKey))
	mac.Write([]byte("v0:" + timestamp + ":"))
	mac.Write(body)
	return timestamp, hex.EncodeToString(mac.Sum(nil))
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// drain reads a little of an answer so the connection can be reused, and
// closes it.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

// crockford is the ULID alphabet.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ulidSource makes event ids shaped like Customer.io's: ULIDs, 48 bits of Unix
// milliseconds then 80 random bits. Ids made in the same millisecond (or with a
// clock that stands still) count up from the last, so they sort in the order
// the events happened.
type ulidSource struct {
	ms     int64
	hi     uint16
	lo     uint64
	seeded bool
}

func (u *ulidSource) next(t time.Time) string {
	ms := t.UnixMilli() & (1<<48 - 1)
	if u.seeded && ms <= u.ms {
		u.lo++
		if u.lo == 0 {
			u.hi++
		}
	} else {
		u.ms, u.hi, u.lo, u.seeded = ms, uint16(rand.Uint32()), rand.Uint64(), true
	}
	hi := uint64(u.ms)<<16 | uint64(u.hi)
	lo := u.lo
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}
