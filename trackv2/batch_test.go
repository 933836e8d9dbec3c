package trackv2

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

// bodyOps decodes a batch body into its items, failing the test unless body
// is exactly the envelope around them.
func bodyOps(t *testing.T, body []byte) []json.RawMessage {
	t.Helper()
	var v struct {
		Batch []json.RawMessage `json:"batch"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("batch body: %v", err)
	}
	return v.Batch
}

// personIDs returns the identifiers.id of each op in a batch body.
func personIDs(t *testing.T, body []byte) []string {
	t.Helper()
	var ids []string
	for _, raw := range bodyOps(t, body) {
		var op struct {
			Identifiers struct {
				ID string `json:"id"`
			} `json:"identifiers"`
		}
		if err := json.Unmarshal(raw, &op); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, op.Identifiers.ID)
	}
	return ids
}

func numberedIdentifies(n int) []Op {
	ops := make([]Op, n)
	for i := range ops {
		ops[i] = IdentifyPerson(customerio.ByID(fmt.Sprint("p", i)), map[string]any{"n": i})
	}
	return ops
}

func TestBatchAccepted(t *testing.T) {
	c, rec := newTestClient(t, ok200)
	ops := numberedIdentifies(3)
	res, err := c.Batch(t.Context(), ops)
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 1 || res.Errors != nil {
		t.Errorf("result %+v", res)
	}
	reqs := rec.requests()
	if len(reqs) != 1 || reqs[0].Path != batchPath {
		t.Fatalf("requests %+v", reqs)
	}
	if got := personIDs(t, reqs[0].Body); !slices.Equal(got, []string{"p0", "p1", "p2"}) {
		t.Errorf("sent %v", got)
	}
}

func TestBatchEmptyIsSent(t *testing.T) {
	c, rec := newTestClient(t, ok200)
	res, err := c.Batch(t.Context(), nil)
	if err != nil || res.Requests != 1 {
		t.Fatalf("result %+v, error %v", res, err)
	}
	if body := string(rec.requests()[0].Body); body != `{"batch":[]}` {
		t.Errorf("body %s", body)
	}
}

func TestBatchPartialSuccess(t *testing.T) {
	c, rec := newTestClient(t, func(int, request) (int, string) {
		return http.StatusMultiStatus, `{"errors":[` +
			`{"batch_index":1,"reason":"invalid","field":"identifiers.email","message":"not an email"},` +
			`{"batch_index":3,"reason":"required","field":"name","message":"is required"}]}`
	})
	ops := numberedIdentifies(5)
	res, err := c.Batch(t.Context(), ops)
	var partial *PartialError
	if !errors.As(err, &partial) {
		t.Fatalf("error %v (%T), want *PartialError", err, err)
	}
	want := []ItemError{
		{Index: 1, Op: ops[1], Reason: "invalid", Field: "identifiers.email", Message: "not an email"},
		{Index: 3, Op: ops[3], Reason: "required", Field: "name", Message: "is required"},
	}
	if !itemErrorsEqual(res.Errors, want) || !itemErrorsEqual(partial.Errors, want) {
		t.Errorf("errors %+v\npartial %+v\nwant %+v", res.Errors, partial.Errors, want)
	}
	if res.Requests != 1 || len(rec.requests()) != 1 {
		t.Errorf("%d requests, result %+v", len(rec.requests()), res)
	}
	var apiErr *customerio.APIError
	if errors.As(err, &apiErr) || customerio.IsRetryable(err) {
		t.Error("a 207 is not an HTTP failure")
	}
	msg := err.Error()
	for _, s := range []string{"2 operation(s)", "batch[1] identifiers.email: invalid: not an email", "batch[3] name"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}
}

func itemErrorsEqual(a, b []ItemError) bool {
	return slices.EqualFunc(a, b, func(x, y ItemError) bool {
		return x.Index == y.Index && x.Reason == y.Reason && x.Field == y.Field && x.Message == y.Message &&
			x.Op.Identifiers == y.Op.Identifiers && x.Op.Action == y.Op.Action
	})
}

func TestBatchPartialAnswersThatNameNoItem(t *testing.T) {
	for name, body := range map[string]string{
		"index out of range": `{"errors":[{"batch_index":7,"reason":"r","message":"m"}]}`,
		"no index":           `{"errors":[{"reason":"r","message":"m"}]}`,
		"unreadable":         `<html>oops</html>`,
	} {
		t.Run(name, func(t *testing.T) {
			c, _ := newTestClient(t, func(int, request) (int, string) { return http.StatusMultiStatus, body })
			res, err := c.Batch(t.Context(), numberedIdentifies(2))
			var partial *PartialError
			if !errors.As(err, &partial) || len(res.Errors) != 1 || res.Errors[0].Index != -1 || res.Errors[0].Op.Type != "" {
				t.Errorf("result %+v, error %v", res, err)
			}
		})
	}
}

// bigOps returns n person events of about size bytes each, with unique ids.
func bigOps(n, size int) []Op {
	ops := make([]Op, n)
	for i := range ops {
		ops[i] = TrackPersonEvent(customerio.ByID(fmt.Sprint("p", i)), "viewed", map[string]any{
			"pad": strings.Repeat("x", size-150+i%300), // uneven sizes
		})
	}
	return ops
}

func TestBatchSplitKeepsOrderAndSendsEachOpOnce(t *testing.T) {
	c, rec := newTestClient(t, ok200)
	ops := bigOps(3000, 1000) // about 3 MB
	res, err := c.Batch(t.Context(), ops)
	if err != nil {
		t.Fatal(err)
	}
	reqs := rec.requests()
	if len(reqs) < 6 || res.Requests != len(reqs) {
		t.Fatalf("%d requests (result says %d) for about 3 MB", len(reqs), res.Requests)
	}
	var sent []string
	eventIDs := map[string]bool{}
	for k, r := range reqs {
		if len(r.Body) > customerio.MaxBatchBytes {
			t.Errorf("request %d is %d bytes", k, len(r.Body))
		}
		items := bodyOps(t, r.Body)
		if k < len(reqs)-1 {
			// Filled as far as it goes: the next op would not have fitted.
			next, err := encodeOp("test", ops[len(sent)+len(items)], -1)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Body)+1+len(next) <= customerio.MaxBatchBytes {
				t.Errorf("request %d (%d bytes) had room for the next op", k, len(r.Body))
			}
		}
		for _, item := range items {
			id, _ := sentID(t, item)
			if eventIDs[id] {
				t.Errorf("event id %s sent twice", id)
			}
			eventIDs[id] = true
		}
		sent = append(sent, personIDs(t, r.Body)...)
	}
	want := make([]string, len(ops))
	for i := range want {
		want[i] = fmt.Sprint("p", i)
	}
	if !slices.Equal(sent, want) {
		t.Errorf("sent %d ops, not each op once in order", len(sent))
	}
}

// opsOfBodySize returns n identifies whose batch body is exactly total bytes.
func opsOfBodySize(t *testing.T, n, total int) []Op {
	itemBytes := total - batchBodySize(n, 0)
	ops := make([]Op, n)
	for i := range ops {
		size := itemBytes / n
		if i < itemBytes%n {
			size++
		}
		ops[i] = paddedIdentify(t, fmt.Sprint("p", i), size)
	}
	return ops
}

func TestBatchSplitsAtTheByte(t *testing.T) {
	t.Run("exactly at the limit", func(t *testing.T) {
		c, rec := newTestClient(t, ok200)
		res, err := c.Batch(t.Context(), opsOfBodySize(t, 17, customerio.MaxBatchBytes))
		if err != nil {
			t.Fatal(err)
		}
		reqs := rec.requests()
		if len(reqs) != 1 || res.Requests != 1 || len(reqs[0].Body) != customerio.MaxBatchBytes {
			t.Fatalf("%d requests, first %d bytes", len(reqs), len(reqs[0].Body))
		}
	})
	t.Run("one byte over", func(t *testing.T) {
		c, rec := newTestClient(t, ok200)
		res, err := c.Batch(t.Context(), opsOfBodySize(t, 17, customerio.MaxBatchBytes+1))
		if err != nil {
			t.Fatal(err)
		}
		reqs := rec.requests()
		if len(reqs) != 2 || res.Requests != 2 {
			t.Fatalf("%d requests, want 2", len(reqs))
		}
		first, second := personIDs(t, reqs[0].Body), personIDs(t, reqs[1].Body)
		if len(first) != 16 || !slices.Equal(second, []string{"p16"}) {
			t.Errorf("split %d + %v", len(first), second)
		}
	})
}

func TestBatchPartialErrorsAfterASplit(t *testing.T) {
	ops := bigOps(1500, 1000)
	spans := splitBatch(mustEncode(t, ops))
	if len(spans) < 3 {
		t.Fatalf("%d spans", len(spans))
	}
	c, _ := newTestClient(t, func(n int, _ request) (int, string) {
		switch n {
		case 0:
			return http.StatusMultiStatus, `{"errors":[{"batch_index":5,"reason":"r0","message":"first"}]}`
		case 2:
			return http.StatusMultiStatus, `{"errors":[{"batch_index":0,"reason":"r2","message":"a"},{"batch_index":2,"reason":"r2","message":"b"}]}`
		}
		return http.StatusOK, "{}"
	})
	res, err := c.Batch(t.Context(), ops)
	var partial *PartialError
	if !errors.As(err, &partial) {
		t.Fatalf("error %v, want *PartialError", err)
	}
	lo := spans[2].lo
	want := []ItemError{
		{Index: 5, Op: ops[5], Reason: "r0", Message: "first"},
		{Index: lo, Op: ops[lo], Reason: "r2", Message: "a"},
		{Index: lo + 2, Op: ops[lo+2], Reason: "r2", Message: "b"},
	}
	if !itemErrorsEqual(res.Errors, want) {
		t.Errorf("errors %+v, want indices 5, %d, %d", res.Errors, lo, lo+2)
	}
	if res.Requests != len(spans) {
		t.Errorf("%d requests, want %d", res.Requests, len(spans))
	}
}

func mustEncode(t *testing.T, ops []Op) [][]byte {
	t.Helper()
	_, items, err := encodeBatch("test", ops)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestBatchRejectedAsAWhole(t *testing.T) {
	c, rec := newTestClient(t, func(int, request) (int, string) {
		return http.StatusBadRequest, `{"errors":[{"reason":"invalid","field":"batch","message":"malformed"}]}`
	})
	ops := numberedIdentifies(3)
	res, err := c.Batch(t.Context(), ops)
	var be *BatchError
	var apiErr *customerio.APIError
	if !errors.As(err, &be) || !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T), want a *BatchError wrapping a *customerio.APIError", err, err)
	}
	if apiErr.StatusCode != http.StatusBadRequest || len(apiErr.Details) != 1 || apiErr.Details[0].Message != "malformed" {
		t.Errorf("APIError %+v", apiErr)
	}
	if len(be.Sent) != 0 || !slices.Equal(be.NotSent, []int{0, 1, 2}) || be.Request != 1 || be.Requests != 1 {
		t.Errorf("BatchError %+v", be)
	}
	if res == nil || res.Requests != 0 || res.Errors != nil {
		t.Errorf("result %+v", res)
	}
	if customerio.IsRetryable(err) || len(rec.requests()) != 1 {
		t.Errorf("a 400 must not be retried (%d requests)", len(rec.requests()))
	}
}

func TestBatchStopsAtAFailedRequest(t *testing.T) {
	ops := bigOps(1500, 1000)
	spans := splitBatch(mustEncode(t, ops))
	if len(spans) < 3 {
		t.Fatalf("%d spans", len(spans))
	}
	c, rec := newTestClient(t, func(n int, _ request) (int, string) {
		switch n {
		case 0:
			return http.StatusMultiStatus, `{"errors":[{"batch_index":1,"reason":"r","message":"m"}]}`
		case 1:
			return http.StatusInternalServerError, `oops`
		}
		t.Errorf("request %d sent after a failed one", n)
		return http.StatusOK, "{}"
	})
	res, err := c.Batch(t.Context(), ops)
	var be *BatchError
	if !errors.As(err, &be) || !errors.Is(err, customerio.ErrServerError) {
		t.Fatalf("error %v, want a *BatchError wrapping the 500", err)
	}
	var partial *PartialError
	if errors.As(err, &partial) {
		t.Error("the error is a BatchError, not a PartialError")
	}
	split := spans[1].lo
	if !slices.Equal(be.Sent, indexRange(0, split)) || !slices.Equal(be.NotSent, indexRange(split, len(ops))) {
		t.Errorf("Sent %d ops, NotSent from %d; want the split at %d", len(be.Sent), be.NotSent[0], split)
	}
	if be.Request != 2 || be.Requests != len(spans) {
		t.Errorf("request %d of %d", be.Request, be.Requests)
	}
	if res.Requests != 1 || len(res.Errors) != 1 || res.Errors[0].Index != 1 {
		t.Errorf("result %+v", res)
	}
	if n := len(rec.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	if !strings.Contains(err.Error(), "batch request 2 of") {
		t.Errorf("message %q", err)
	}
}

func TestBatchWithAnEndedContext(t *testing.T) {
	c := newUnreachableClient(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res, err := c.Batch(ctx, numberedIdentifies(2))
	var be *BatchError
	if !errors.As(err, &be) || !errors.Is(err, context.Canceled) || res.Requests != 0 {
		t.Errorf("result %+v, error %v", res, err)
	}
}
