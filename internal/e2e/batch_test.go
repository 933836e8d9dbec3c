package e2e

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/trackv2"
)

// tooLong is an attribute value over Customer.io's 1,000-byte limit: the
// client cannot know that limit applies, so the op is sent and rejected.
var tooLong = strings.Repeat("x", 1500)

// TestBatchPartialFailure sends a batch with one op Customer.io rejects. The
// answer is a 207, surfaced as *trackv2.PartialError naming that op by its
// index, while every other op is applied.
func TestBatchPartialFailure(t *testing.T) {
	srv := newFake(t)
	v2 := trackClient(t, srv).V2()
	ops := []trackv2.Op{
		trackv2.IdentifyPerson(customerio.ByID("1"), map[string]any{"plan": "pro"}),
		trackv2.IdentifyPerson(customerio.ByID("2"), map[string]any{"bio": tooLong}),
		trackv2.TrackPersonEvent(customerio.ByID("1"), "upgraded", map[string]any{"from": "free"}),
		trackv2.IdentifyPerson(customerio.ByEmail("three@example.com"), nil),
	}
	res, err := v2.Batch(t.Context(), ops)
	var partial *trackv2.PartialError
	if !errors.As(err, &partial) {
		t.Fatalf("err = %v, want a *trackv2.PartialError", err)
	}
	if len(partial.Errors) != 1 {
		t.Fatalf("rejected %+v, want one op", partial.Errors)
	}
	item := partial.Errors[0]
	if item.Index != 1 || item.Op.Identifiers != customerio.ByID("2") || item.Field != "attributes.bio" || item.Message == "" {
		t.Errorf("rejected op %+v, want index 1 (person 2) with field attributes.bio and a message", item)
	}
	if res == nil || res.Requests != 1 || len(res.Errors) != 1 || res.Errors[0].Index != 1 {
		t.Errorf("result %+v, want one request and the same rejection", res)
	}

	if p, ok := srv.Person("1"); !ok || p.Attributes["plan"] != "pro" {
		t.Errorf("person 1 not applied: %+v", p)
	}
	if ev := srv.Events("1"); len(ev) != 1 || ev[0].Name != "upgraded" || ev[0].Data["from"] != "free" {
		t.Errorf("events of person 1: %+v", ev)
	}
	if _, ok := srv.PersonByEmail("three@example.com"); !ok {
		t.Error("the op after the rejected one was not applied")
	}
	if _, ok := srv.Person("2"); ok {
		t.Error("the rejected op was applied")
	}
}

// TestSplitBatchKeepsIndexes sends a batch over customerio.MaxBatchBytes. It
// goes out as several requests; a rejection in a later request still names
// the op by its index in the caller's slice.
func TestSplitBatchKeepsIndexes(t *testing.T) {
	srv := newFake(t)
	v2 := trackClient(t, srv).V2()

	// Each op is about 29 KB: under the 32 KB entity limit, with every value
	// under the 1,000-byte attribute limit.
	bulky := func(i int) map[string]any {
		attrs := map[string]any{}
		for k := range 29 {
			attrs[fmt.Sprintf("a%02d", k)] = strings.Repeat(string(rune('a'+i%26)), 990)
		}
		return attrs
	}
	const n, bad = 24, 20
	ops := make([]trackv2.Op, n)
	for i := range ops {
		attrs := bulky(i)
		if i == bad {
			attrs["bio"] = tooLong
		}
		ops[i] = trackv2.IdentifyPerson(customerio.ByID(fmt.Sprint("p", i)), attrs)
	}

	res, err := v2.Batch(t.Context(), ops)
	var partial *trackv2.PartialError
	if !errors.As(err, &partial) {
		t.Fatalf("err = %v, want a *trackv2.PartialError", err)
	}
	batches := requests(srv, http.MethodPost, "/api/v2/batch")
	if len(batches) < 2 || res.Requests != len(batches) {
		t.Fatalf("%d requests (result says %d), want the batch split in several", len(batches), res.Requests)
	}
	for i, r := range batches {
		if len(r.Body) > customerio.MaxBatchBytes {
			t.Errorf("request %d is %d bytes, over the limit", i+1, len(r.Body))
		}
	}
	if len(partial.Errors) != 1 || partial.Errors[0].Index != bad {
		t.Fatalf("rejected %+v, want op %d", partial.Errors, bad)
	}
	if last := batches[len(batches)-1]; last.Status != http.StatusMultiStatus {
		t.Errorf("the last request was answered %d; the rejected op should be in it", last.Status)
	}
	if got := len(srv.People()); got != n-1 {
		t.Errorf("%d people applied, want %d", got, n-1)
	}
}

// TestBatchRefusedAsWhole fails the whole request: the error is a
// *trackv2.BatchError listing every op as not sent, and nothing is applied.
func TestBatchRefusedAsWhole(t *testing.T) {
	srv := newFake(t)
	v2 := trackClient(t, srv).V2()
	srv.FailNext(1, http.StatusUnauthorized, 0)
	ops := []trackv2.Op{
		trackv2.IdentifyPerson(customerio.ByID("1"), nil),
		trackv2.TrackPersonEvent(customerio.ByID("1"), "login", nil),
	}
	_, err := v2.Batch(t.Context(), ops)
	var batchErr *trackv2.BatchError
	if !errors.As(err, &batchErr) || !errors.Is(err, customerio.ErrUnauthorized) {
		t.Fatalf("err = %v, want a *trackv2.BatchError wrapping ErrUnauthorized", err)
	}
	if len(batchErr.NotSent) != 2 || len(batchErr.Sent) != 0 {
		t.Errorf("sent %v, not sent %v; want none sent", batchErr.Sent, batchErr.NotSent)
	}
	if len(srv.People()) != 0 {
		t.Error("a refused batch was applied")
	}
}

// TestObjectsAndRelationships relates a person to an object through Track v2
// and reads the relationship back through the App API.
func TestObjectsAndRelationships(t *testing.T) {
	srv := newFake(t)
	tc, ac := trackClient(t, srv), appClient(t, srv)
	ctx := t.Context()
	acme := customerio.ObjectByID("1", "acme")
	_, err := tc.V2().Batch(ctx, []trackv2.Op{
		trackv2.IdentifyPerson(customerio.ByID("42"), map[string]any{"email": "ada@example.com"}),
		trackv2.IdentifyObject(acme, map[string]any{"name": "Acme"}),
		trackv2.AddPersonRelationships(customerio.ByID("42"), []customerio.Relationship{
			customerio.RelatedObject(acme, map[string]any{"role": "admin"}),
		}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := srv.Object("1", "acme"); !ok || o.Attributes["name"] != "Acme" {
		t.Errorf("object %+v", o)
	}
	var rels []map[string]any
	for r, err := range ac.Customers.AllRelationships(ctx, "42", app.RelationshipsOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		rels = append(rels, r)
	}
	if len(rels) != 1 {
		t.Fatalf("relationships %+v, want one", rels)
	}
	ids, _ := rels[0]["identifiers"].(map[string]any)
	if ids["object_id"] != "acme" {
		t.Errorf("relationship %+v, want object acme", rels[0])
	}
	if got := fmt.Sprint(rels[0]); !strings.Contains(got, "admin") {
		t.Errorf("relationship %s lacks its attributes", got)
	}
}
