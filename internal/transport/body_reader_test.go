package transport

import (
	"net/http"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestBodyReaderIsStreamedWithItsLengthAndTypeAndSentOnce pins that a
// streamed body goes out with the exact Content-Length and Content-Type given,
// and is tried once even under a retry strategy: the reader cannot be read
// again, so a 429 is returned rather than repeated with an empty body.
func TestBodyReaderIsStreamedWithItsLengthAndTypeAndSentOnce(t *testing.T) {
	rec := &recorder{answers: []answer{{status: 429, header: map[string]string{"Retry-After": "1"}}, {status: 200}}}
	strategy := &countingStrategy{n: 3}
	c, _ := newTestClient(t, rec, Bearer("k"), customerio.WithRetry(strategy))
	const payload = "--b\r\nfile bytes\r\n--b--\r\n"
	_, err := c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "/v1/assets/files", BodyReader: strings.NewReader(payload), ContentLength: int64(len(payload)), ContentType: "multipart/form-data; boundary=b"})
	if apiErr, ok := err.(*customerio.APIError); !ok || apiErr.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("err %v, want the 429", err)
	}
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d attempts, want 1", len(reqs))
	}
	r := reqs[0]
	if string(r.body) != payload || r.header.Get("Content-Type") != "multipart/form-data; boundary=b" || r.contentLength != int64(len(payload)) {
		t.Errorf("sent %q, type %q, length %d", r.body, r.header.Get("Content-Type"), r.contentLength)
	}
	if len(strategy.calls) != 0 {
		t.Errorf("the retry strategy was asked to run a streamed body: %+v", strategy.calls)
	}
}

func TestBodyReaderOverMaxBodyBytesIsRefusedBeforeAnyRequest(t *testing.T) {
	rec := &recorder{}
	c, _ := newTestClient(t, rec, Bearer("k"))
	_, err := c.Do(t.Context(), &Request{Method: http.MethodPost, Path: "/v1/x", BodyReader: strings.NewReader("abc"), ContentLength: 3, ContentType: "text/plain", MaxBodyBytes: 2})
	if _, ok := err.(*customerio.ValidationError); !ok {
		t.Errorf("err %v, want a ValidationError", err)
	}
	if n := len(rec.requests()); n != 0 {
		t.Errorf("%d requests", n)
	}
}
