package webhook

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// recorded is what the wrapped handler saw.
type recorded struct {
	called        bool
	body          []byte
	contentLength int64
	readErr       error
}

func (rec *recorded) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.called = true
		rec.contentLength = r.ContentLength
		rec.body, rec.readErr = io.ReadAll(r.Body)
		w.WriteHeader(http.StatusNoContent)
	})
}

func signedRequest(t *testing.T, key string, ts time.Time, body []byte) *http.Request {
	t.Helper()
	r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/cio", bytes.NewReader(body))
	timestamp, signature := Sign(key, ts, body)
	r.Header.Set(HeaderTimestamp, timestamp)
	r.Header.Set(HeaderSignature, signature)
	return r
}

func TestMiddlewarePassesVerifiedRequests(t *testing.T) {
	event := []byte(`{"event_id":"01HQZ7X5N3K2V8R4T6W9Y1C0DE","object_type":"email","metric":"opened","timestamp":1692633432,"data":{}}`)
	tests := []struct {
		name     string
		verifier *Verifier
		body     []byte
	}{
		{"reference body", &Verifier{SigningKey: NewKey(refKey), Now: at(refTime)}, []byte(refBody)},
		{"event", &Verifier{SigningKey: NewKey(refKey), Now: at(refTime)}, event},
		{"empty body", &Verifier{SigningKey: NewKey(refKey), Now: at(refTime)}, nil},
		{"body at the limit", &Verifier{SigningKey: NewKey(refKey), Now: at(refTime), MaxBodyBytes: int64(len(event))}, event},
		{"no limit", &Verifier{SigningKey: NewKey(refKey), Now: at(refTime), MaxBodyBytes: -1},
			bytes.Repeat([]byte("x"), DefaultMaxBodyBytes+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec recorded
			w := httptest.NewRecorder()
			tt.verifier.Middleware(rec.handler()).ServeHTTP(w, signedRequest(t, refKey, refTime, tt.body))
			if w.Code != http.StatusNoContent || !rec.called {
				t.Fatalf("status %d, next called %v; want 204 from next", w.Code, rec.called)
			}
			if rec.readErr != nil || !bytes.Equal(rec.body, tt.body) {
				t.Errorf("next read %d bytes (err %v), want the %d bytes sent", len(rec.body), rec.readErr, len(tt.body))
			}
			if rec.contentLength != int64(len(tt.body)) {
				t.Errorf("next saw ContentLength %d, want %d", rec.contentLength, len(tt.body))
			}
		})
	}
}

// TestMiddlewareNilBody: a request built by hand may have no Body at all.
func TestMiddlewareNilBody(t *testing.T) {
	r := signedRequest(t, refKey, refTime, nil)
	r.Body = nil
	var rec recorded
	w := httptest.NewRecorder()
	(&Verifier{SigningKey: NewKey(refKey), Now: at(refTime)}).Middleware(rec.handler()).ServeHTTP(w, r)
	if w.Code != http.StatusNoContent || !rec.called || len(rec.body) != 0 || rec.contentLength != 0 {
		t.Fatalf("status %d, next called %v with %d bytes, ContentLength %d", w.Code, rec.called, len(rec.body), rec.contentLength)
	}
}

func TestMiddlewareRefuses(t *testing.T) {
	body := []byte(refBody)
	good := func(t *testing.T) *http.Request { return signedRequest(t, refKey, refTime, body) }
	verifier := &Verifier{SigningKey: NewKey(refKey), Now: at(refTime)}

	tests := []struct {
		name     string
		verifier *Verifier
		request  func(t *testing.T) *http.Request
		want     int
	}{
		{"no signing key", &Verifier{Now: at(refTime)}, good, http.StatusInternalServerError},
		{"nil verifier", nil, good, http.StatusInternalServerError},
		{"no headers", verifier, func(t *testing.T) *http.Request {
			return httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/cio", bytes.NewReader(body))
		}, http.StatusUnauthorized},
		{"no signature", verifier, func(t *testing.T) *http.Request {
			r := good(t)
			r.Header.Del(HeaderSignature)
			return r
		}, http.StatusUnauthorized},
		{"non-numeric timestamp", verifier, func(t *testing.T) *http.Request {
			r := good(t)
			r.Header.Set(HeaderTimestamp, "now")
			return r
		}, http.StatusUnauthorized},
		{"wrong key", verifier, func(t *testing.T) *http.Request {
			return signedRequest(t, "another key", refTime, body)
		}, http.StatusUnauthorized},
		{"tampered body", verifier, func(t *testing.T) *http.Request {
			r := good(t)
			r.Body = io.NopCloser(strings.NewReader(`{"key": "evil!"}`))
			return r
		}, http.StatusUnauthorized},
		{"stale", verifier, func(t *testing.T) *http.Request {
			return signedRequest(t, refKey, refTime.Add(-time.Hour), body)
		}, http.StatusUnauthorized},
		{"declared too large", &Verifier{SigningKey: NewKey(refKey), Now: at(refTime), MaxBodyBytes: 15}, good,
			http.StatusRequestEntityTooLarge},
		{"too large, length unknown", &Verifier{SigningKey: NewKey(refKey), Now: at(refTime), MaxBodyBytes: 15},
			func(t *testing.T) *http.Request {
				r := good(t)
				r.ContentLength = -1
				r.Body = io.NopCloser(bytes.NewReader(body))
				return r
			}, http.StatusRequestEntityTooLarge},
		{"too large for the default limit", verifier, func(t *testing.T) *http.Request {
			return signedRequest(t, refKey, refTime, make([]byte, DefaultMaxBodyBytes+1))
		}, http.StatusRequestEntityTooLarge},
		{"truncated body", verifier, func(t *testing.T) *http.Request {
			r := good(t)
			r.Body = io.NopCloser(io.MultiReader(strings.NewReader(refBody[:8]), iotest.ErrReader(io.ErrUnexpectedEOF)))
			return r
		}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec recorded
			w := httptest.NewRecorder()
			tt.verifier.Middleware(rec.handler()).ServeHTTP(w, tt.request(t))
			if rec.called {
				t.Fatal("next was called")
			}
			if w.Code != tt.want {
				t.Fatalf("status %d, want %d", w.Code, tt.want)
			}
			if got, want := w.Body.String(), http.StatusText(tt.want)+"\n"; got != want {
				t.Errorf("body %q, want %q", got, want)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("Content-Type %q, want text/plain", ct)
			}
		})
	}
}

// TestMiddlewareOverHTTP sends a chunked body, whose length the server learns only
// by reading it, through a real server.
func TestMiddlewareOverHTTP(t *testing.T) {
	body := []byte(`{"event_id":"01HQZ7X5N3K2V8R4T6W9Y1C0DE","object_type":"email","metric":"sent","timestamp":1692633432}`)
	var rec recorded
	v := &Verifier{SigningKey: NewKey(refKey), Now: at(refTime)}
	wrapped := v.Middleware(rec.handler())
	var arrivedLength int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrivedLength = r.ContentLength
		wrapped.ServeHTTP(w, r)
	}))
	defer srv.Close()

	send := func(key string) int {
		t.Helper()
		// A reader of unknown length makes the client send the body chunked.
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL, io.MultiReader(bytes.NewReader(body)))
		if err != nil {
			t.Fatal(err)
		}
		timestamp, signature := Sign(key, refTime, body)
		req.Header.Set(HeaderTimestamp, timestamp)
		req.Header.Set(HeaderSignature, signature)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}

	if code := send(refKey); code != http.StatusNoContent {
		t.Fatalf("signed request: status %d, want 204", code)
	}
	if arrivedLength != -1 {
		t.Fatalf("request arrived with ContentLength %d, want -1 (chunked)", arrivedLength)
	}
	if !bytes.Equal(rec.body, body) || rec.contentLength != int64(len(body)) {
		t.Errorf("next saw %q with ContentLength %d", rec.body, rec.contentLength)
	}
	rec = recorded{}
	if code := send("another key"); code != http.StatusUnauthorized || rec.called {
		t.Fatalf("badly signed request: status %d, next called %v; want 401 without next", code, rec.called)
	}
}
