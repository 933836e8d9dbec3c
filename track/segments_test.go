package track

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func numberedIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("person-%05d", i)
	}
	return ids
}

// sentIDs decodes the ids of each recorded segment request.
func sentIDs(t *testing.T, reqs []received) [][]string {
	t.Helper()
	var out [][]string
	for _, r := range reqs {
		var body struct {
			IDs []string `json:"ids"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatalf("body %q: %v", r.Body, err)
		}
		out = append(out, body.IDs)
	}
	return out
}

func TestSegmentSplitting(t *testing.T) {
	long := make([]string, 1000)
	for i := range long {
		long[i] = fmt.Sprintf("%05d-%s@example.com", i, strings.Repeat("x", 40))
	}
	tests := []struct {
		name      string
		ids       []string
		wantSizes []int
	}{
		{"one id", []string{"1"}, []int{1}},
		{"exactly the maximum", numberedIDs(MaxSegmentIDs), []int{1000}},
		{"one over the maximum", numberedIDs(MaxSegmentIDs + 1), []int{1000, 1}},
		{"2500 ids", numberedIDs(2500), []int{1000, 1000, 500}},
		// 1000 ids of 58 bytes (61 encoded) do not fit 32,000 bytes: split by size too.
		{"long ids", long, []int{524, 476}},
		// {"ids":["…","…"]} of exactly 32,000 bytes is one request; a byte more is two.
		{"exactly at the byte limit", []string{strings.Repeat("a", 15993), strings.Repeat("b", 15992)}, []int{2}},
		{"one byte over the byte limit", []string{strings.Repeat("a", 15993), strings.Repeat("b", 15993)}, []int{1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, nil)
			if err := rec.client(t).AddToSegment(t.Context(), 7, tt.ids, customerio.IDTypeEmail); err != nil {
				t.Fatal(err)
			}
			reqs := rec.requests()
			chunks := sentIDs(t, reqs)
			var sizes []int
			for i, ch := range chunks {
				sizes = append(sizes, len(ch))
				if len(reqs[i].Body) > customerio.MaxEntityBytes {
					t.Errorf("request %d is %d bytes", i, len(reqs[i].Body))
				}
				if reqs[i].Query != "id_type=email" || reqs[i].Path != "/api/v1/segments/7/add_customers" {
					t.Errorf("request %d: %s?%s", i, reqs[i].Path, reqs[i].Query)
				}
			}
			if !slices.Equal(sizes, tt.wantSizes) {
				t.Errorf("chunk sizes %v, want %v", sizes, tt.wantSizes)
			}
			if got := slices.Concat(chunks...); !slices.Equal(got, tt.ids) {
				t.Errorf("ids were not sent once each, in order")
			}
		})
	}
}

func TestSegmentErrorAfterFailingSecondChunk(t *testing.T) {
	for _, remove := range []bool{false, true} {
		t.Run(fmt.Sprintf("remove=%v", remove), func(t *testing.T) {
			rec := newRecorder(t, func(n int, w http.ResponseWriter) {
				if n == 1 {
					w.WriteHeader(http.StatusInternalServerError)
					_, _ = w.Write([]byte(`{"meta":{"errors":["segment is not manual"]}}`))
				}
			})
			c := rec.client(t, fastRetry())
			ids := numberedIDs(2500)
			call, op := c.AddToSegment, "track.AddToSegment"
			if remove {
				call, op = c.RemoveFromSegment, "track.RemoveFromSegment"
			}
			err := call(t.Context(), 7, ids, "")

			var se *SegmentError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v (%T), want a *SegmentError", err, err)
			}
			if se.Op != op || se.SegmentID != 7 {
				t.Errorf("Op, SegmentID = %q, %d", se.Op, se.SegmentID)
			}
			if !slices.Equal(se.Applied, ids[:1000]) {
				t.Errorf("Applied has %d ids, want the first 1000", len(se.Applied))
			}
			if !slices.Equal(se.NotApplied, ids[1000:]) {
				t.Errorf("NotApplied has %d ids, want the last 1500", len(se.NotApplied))
			}
			var apiErr *customerio.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError {
				t.Errorf("cause = %v, want the 500 *customerio.APIError", se.Err)
			}
			if !errors.Is(err, customerio.ErrServerError) {
				t.Errorf("errors.Is(err, ErrServerError) = false")
			}
			if !strings.Contains(err.Error(), "1000 ids applied, 1500 not applied") || !strings.Contains(err.Error(), "segment is not manual") {
				t.Errorf("message %q", err)
			}
			if got := len(rec.requests()); got != 2 {
				t.Errorf("got %d requests, want 2: nothing after the failure", got)
			}
			// The error holds its own copies of the ids.
			ids[0], ids[2000] = "changed", "changed"
			if se.Applied[0] == "changed" || se.NotApplied[1000] == "changed" {
				t.Errorf("SegmentError shares the caller's slice")
			}
		})
	}
}

func TestSegmentErrorOnFirstChunk(t *testing.T) {
	rec := newRecorder(t, status(http.StatusNotFound, ""))
	err := rec.client(t).AddToSegment(t.Context(), 7, []string{"1", "2"}, customerio.IDTypeID)
	var se *SegmentError
	if !errors.As(err, &se) || len(se.Applied) != 0 || !slices.Equal(se.NotApplied, []string{"1", "2"}) {
		t.Fatalf("err = %#v", err)
	}
	if !errors.Is(err, customerio.ErrNotFound) {
		t.Errorf("errors.Is(err, ErrNotFound) = false")
	}
}

func TestSegmentCancelledBetweenChunks(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	calls := 0
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if err := r.Context().Err(); err != nil {
			return nil, err // as a real transport does
		}
		calls++
		cancel() // the first chunk is answered; the caller gives up before the second
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})}
	c, err := New(testSite, testKey, customerio.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	err = c.AddToSegment(ctx, 7, numberedIDs(1500), "")
	var se *SegmentError
	if !errors.As(err, &se) || len(se.Applied) != 1000 || len(se.NotApplied) != 500 {
		t.Fatalf("err = %v, want a *SegmentError after the first chunk", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(err, context.Canceled) = false: %v", err)
	}
	if calls != 1 {
		t.Errorf("got %d requests, want 1", calls)
	}
}
