package pipelines_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// TestGzip checks WithGzip end to end: a server that insists on
// Content-Encoding: gzip decompresses every body and finds the messages.
func TestGzip(t *testing.T) {
	type seen struct {
		path string
		body []byte
	}
	got := make(chan seen, 10)
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ce := r.Header.Get("Content-Encoding"); ce != "gzip" {
			t.Errorf("Content-Encoding %q, want gzip", ce)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q, want application/json", ct)
		}
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			t.Errorf("not gzip: %v", err)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			t.Errorf("gzip stream: %v", err)
		}
		got <- seen{r.URL.Path, body}
		_, _ = io.WriteString(w, "{}")
	}))
	c := newClient(t, customerio.WithBaseURL(srv.URL), pipelines.WithGzip())

	// Enough repetitive data that compression shows.
	props := pipelines.Properties{"note": strings.Repeat("compressible ", 500)}
	for range 5 {
		if err := c.Track(t.Context(), pipelines.Track{UserID: "1", Event: "Viewed", Properties: props}); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(t.Context(), pipelines.Identify{UserID: "1", Traits: pipelines.Traits{}.SetEmail("a@example.com")}); err != nil {
		t.Fatal(err)
	}
	close(got)
	var paths []string
	for s := range got {
		paths = append(paths, s.path)
		switch s.path {
		case "/v1/batch":
			if b := decodeBatch(t, s.body); len(b.Batch) != 5 {
				t.Errorf("batch of %d messages, want 5", len(b.Batch))
			}
		case "/v1/identify":
			if m := decodeObject(t, s.body); m["userId"] != "1" {
				t.Errorf("identify body %s", s.body)
			}
		}
	}
	if strings.Join(paths, " ") != "/v1/batch /v1/identify" {
		t.Errorf("requests to %v, want /v1/batch then /v1/identify", paths)
	}
	if s := c.Stats(); s.Delivered != 5 {
		t.Errorf("stats %+v, want 5 delivered", s)
	}
}

// TestGzipSmaller checks that the compressed body on the wire is the smaller
// one, and that no Content-Encoding is sent without WithGzip.
func TestGzipSmaller(t *testing.T) {
	for _, compress := range []bool{false, true} {
		rec := newRecorder(t, nil)
		opts := []customerio.Option{customerio.WithBaseURL(serve(t, rec).URL)}
		if compress {
			opts = append(opts, pipelines.WithGzip())
		}
		c := newClient(t, opts...)
		if err := c.Send(t.Context(), pipelines.Track{UserID: "1", Event: "e", Properties: pipelines.Properties{"note": strings.Repeat("x", 5000)}}); err != nil {
			t.Fatal(err)
		}
		r := rec.requests()[0]
		switch {
		case compress && (r.Header.Get("Content-Encoding") != "gzip" || len(r.Raw) >= len(r.Body)/4):
			t.Errorf("gzip: %d bytes on the wire for %d of JSON, Content-Encoding %q", len(r.Raw), len(r.Body), r.Header.Get("Content-Encoding"))
		case !compress && (r.Header.Get("Content-Encoding") != "" || !bytes.Equal(r.Raw, r.Body)):
			t.Errorf("without gzip: Content-Encoding %q", r.Header.Get("Content-Encoding"))
		}
	}
}
