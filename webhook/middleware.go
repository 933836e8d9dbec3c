package webhook

import (
	"bytes"
	"errors"
	"io"
	"net/http"
)

// Middleware returns a handler that accepts only requests from Customer.io's
// reporting webhooks and passes them on to next.
//
// It reads the whole body (up to MaxBodyBytes), checks it with [Verifier.Verify],
// and calls next with a request whose Body yields the same bytes again and whose
// ContentLength is their length, so next can decode the delivery itself (for
// example with [ParseEvent]). A rejected request never reaches next; it gets a
// short plain-text answer carrying nothing but the status:
//
//   - 401 Unauthorized for a missing or wrong signature, a malformed timestamp, or
//     a timestamp outside Tolerance;
//   - 413 Request Entity Too Large for a body over MaxBodyBytes;
//   - 400 Bad Request for a body that cannot be read, such as one cut short;
//   - 500 Internal Server Error when the Verifier has no SigningKey, or a key
//     with surrounding whitespace (ErrMalformedSigningKey).
//
// Customer.io treats any answer other than 2xx as a failure and retries the
// delivery later (after an hour for 400, 401 and 500), holding back the deliveries
// that follow it. Nothing is logged; call Verify directly to see why a request
// was refused.
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v.keyError() != nil {
			refuse(w, http.StatusInternalServerError)
			return
		}
		body, status := v.readBody(w, r)
		if status != 0 {
			refuse(w, status)
			return
		}
		// The key and the body size are already checked, so any failure left is
		// about the headers or the signature.
		if v.Verify(r.Header, body) != nil {
			refuse(w, http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, withBody(r, body))
	})
}

// readBody reads r's body within MaxBodyBytes. A non-zero status means it could
// not.
func (v *Verifier) readBody(w http.ResponseWriter, r *http.Request) (body []byte, status int) {
	if r.Body == nil {
		return nil, 0
	}
	src := r.Body
	if limit := v.maxBodyBytes(); limit > 0 {
		if r.ContentLength > limit {
			return nil, http.StatusRequestEntityTooLarge
		}
		src = http.MaxBytesReader(w, r.Body, limit)
	}
	body, err := io.ReadAll(src)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, http.StatusRequestEntityTooLarge
		}
		return nil, http.StatusBadRequest
	}
	return body, 0
}

func refuse(w http.ResponseWriter, status int) {
	http.Error(w, http.StatusText(status), status)
}

// withBody returns a shallow copy of r whose body is a fresh reader over body.
func withBody(r *http.Request, body []byte) *http.Request {
	verified := new(http.Request)
	*verified = *r
	verified.ContentLength = int64(len(body))
	verified.TransferEncoding = nil
	if len(body) == 0 {
		verified.Body = http.NoBody
	} else {
		verified.Body = io.NopCloser(bytes.NewReader(body))
	}
	return verified
}
