package customeriotest

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

type customerBody struct {
	ID          *string `json:"id"`
	Identifiers struct {
		ID    *string `json:"id"`
		Email *string `json:"email"`
		CIOID string  `json:"cio_id"`
	} `json:"identifiers"`
	Attributes   map[string]string `json:"attributes"`
	Timestamps   map[string]int64  `json:"timestamps"`
	Unsubscribed bool              `json:"unsubscribed"`
	Devices      []struct {
		ID       string `json:"id"`
		Platform string `json:"platform"`
		LastUsed int64  `json:"last_used"`
	} `json:"devices"`
}

// TestIdentifyThenAppLookup writes through Track v1 and reads back through the
// App API by id, email and cio_id.
func TestIdentifyThenAppLookup(t *testing.T) {
	srv := newTestServer(t, WithClock(func() time.Time { return time.Unix(1800000000, 0) }))
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/42", map[string]any{
		"email": "ada@example.com", "plan": "pro", "age": 36, "vip": true, "unsubscribed": "1", "prefs": map[string]any{"a": 1},
	}))
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/42/devices", map[string]any{"device": map[string]any{"id": "tok", "platform": "ios"}}))
	p, _ := srv.Person("42")

	for _, path := range []string{
		"/v1/customers/42/attributes",
		"/v1/customers/42/attributes?id_type=id",
		"/v1/customers/ada%40example.com/attributes?id_type=email",
		"/v1/customers/cio_" + p.CIOID + "/attributes?id_type=cio_id",
		"/v1/customers/" + p.CIOID + "/attributes?id_type=cio_id",
	} {
		var body struct{ Customer customerBody }
		srv.mustDo(t, 200, app(http.MethodGet, path, nil)).decode(t, &body)
		c := body.Customer
		if c.ID == nil || *c.ID != "42" || c.Identifiers.Email == nil || *c.Identifiers.Email != "ada@example.com" || c.Identifiers.CIOID != p.CIOID {
			t.Errorf("%s: identifiers %+v", path, c)
		}
		wantAttrs := map[string]string{
			"id": "42", "email": "ada@example.com", "cio_id": p.CIOID, "plan": "pro", "age": "36", "vip": "true",
			"unsubscribed": "1", "prefs": `{"a":1}`,
		}
		if !reflect.DeepEqual(c.Attributes, wantAttrs) {
			t.Errorf("%s: attributes %v, want %v", path, c.Attributes, wantAttrs)
		}
		if !c.Unsubscribed || c.Timestamps["plan"] != 1800000000 || len(c.Devices) != 1 || c.Devices[0].ID != "tok" {
			t.Errorf("%s: %+v", path, c)
		}
	}
	srv.mustDo(t, http.StatusNotFound, app(http.MethodGet, "/v1/customers/43/attributes", nil))
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodGet, "/v1/customers/42/attributes?id_type=name", nil))

	var byEmail struct {
		Results []map[string]any `json:"results"`
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/customers?email=ADA%40example.com", nil)).decode(t, &byEmail)
	want := []map[string]any{{"id": "42", "email": "ada@example.com", "cio_id": p.CIOID}}
	if !reflect.DeepEqual(byEmail.Results, want) {
		t.Errorf("by email %v, want %v", byEmail.Results, want)
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/customers?email=nobody%40example.com", nil)).decode(t, &byEmail)
	if len(byEmail.Results) != 0 {
		t.Errorf("unknown email found %v", byEmail.Results)
	}
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodGet, "/v1/customers", nil))

	var byID struct {
		Customers []struct{ Customer customerBody }
	}
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/customers/attributes", map[string]any{"ids": []string{"42", "missing"}})).decode(t, &byID)
	if len(byID.Customers) != 1 || byID.Customers[0].Customer.Attributes["plan"] != "pro" {
		t.Errorf("by id %+v", byID)
	}
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodPost, "/v1/customers/attributes", map[string]any{"ids": []string{}}))
}

func TestSearchCustomers(t *testing.T) {
	srv := newTestServer(t)
	seg := srv.CreateSegment("all", false)
	people := map[string]map[string]any{
		"1": {"plan": "pro"},
		"2": {"plan": "free", "beta": true},
		"3": {"plan": "pro", "churned": true},
		"4": {"plan": "free"},
		"5": {"plan": "pro"},
	}
	for _, id := range []string{"1", "2", "3", "4", "5"} {
		if _, err := srv.AddPerson(id, people[id]); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.AddToSegment(seg, "1", "2", "3", "4"); err != nil {
		t.Fatal(err)
	}
	var body struct {
		IDs         []string `json:"ids"`
		Identifiers []struct {
			ID string `json:"id"`
		} `json:"identifiers"`
		Next string `json:"next"`
	}
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/customers", fixture(t, "search_filter.json"))).decode(t, &body)
	if want := []string{"1", "2"}; !reflect.DeepEqual(body.IDs, want) || body.Next != "" {
		t.Errorf("ids %v next %q, want %v", body.IDs, body.Next, want)
	}
	// Paging through everyone with plan set, two at a time.
	var all []string
	path := "/v1/customers?limit=2"
	for range 10 {
		srv.mustDo(t, 200, app(http.MethodPost, path, map[string]any{"filter": map[string]any{"attribute": map[string]any{"field": "plan", "operator": "exists"}}})).decode(t, &body)
		all = append(all, body.IDs...)
		if body.Next == "" {
			break
		}
		path = "/v1/customers?limit=2&start=" + body.Next
	}
	if want := []string{"1", "2", "3", "4", "5"}; !reflect.DeepEqual(all, want) {
		t.Errorf("paged %v, want %v", all, want)
	}
	for _, bad := range []map[string]any{
		{},
		{"filter": map[string]any{"attribute": map[string]any{"field": "plan", "operator": "gt", "value": 1}}},
		{"filter": map[string]any{"and": []any{}, "or": []any{}}},
		{"filter": map[string]any{"attribute": map[string]any{"field": "plan", "operator": "eq"}}},
		{"filter": map[string]any{"segment": map[string]any{"id": "x"}}},
	} {
		srv.mustDo(t, http.StatusBadRequest, app(http.MethodPost, "/v1/customers", bad))
	}
}

// TestMembershipPaging walks a segment with real cursors and checks a cursor
// keeps its place when members leave between pages.
func TestMembershipPaging(t *testing.T) {
	srv := newTestServer(t)
	seg := srv.CreateSegment("manual", true)
	var ids []string
	for i := range 7 {
		ids = append(ids, "p"+itoa(i))
	}
	srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/segments/"+itoa(seg)+"/add_customers", map[string]any{"ids": ids}))

	type page struct {
		IDs         []string         `json:"ids"`
		Identifiers []map[string]any `json:"identifiers"`
		Next        string           `json:"next"`
	}
	base := "/v1/segments/" + itoa(seg) + "/membership?limit=3"
	var got []string
	var tokens []string
	path := base
	for range 10 {
		var p page
		srv.mustDo(t, 200, app(http.MethodGet, path, nil)).decode(t, &p)
		if len(p.IDs) != len(p.Identifiers) {
			t.Fatalf("ids and identifiers differ: %+v", p)
		}
		got = append(got, p.IDs...)
		if p.Next == "" {
			break
		}
		tokens = append(tokens, p.Next)
		path = base + "&start=" + p.Next
		if len(got) == 3 {
			// p3 leaves after the first page: the cursor still continues after p2.
			srv.mustDo(t, 200, track(http.MethodPost, "/api/v1/segments/"+itoa(seg)+"/remove_customers", map[string]any{"ids": []string{"p3"}}))
		}
	}
	if want := []string{"p0", "p1", "p2", "p4", "p5", "p6"}; !reflect.DeepEqual(got, want) {
		t.Errorf("walked %v, want %v", got, want)
	}
	if len(tokens) != 1 {
		t.Fatalf("tokens %v", tokens)
	}
	if _, err := strconv.Atoi(tokens[0]); err == nil || strings.Contains(tokens[0], "p2") {
		t.Errorf("token %q is not opaque", tokens[0])
	}
	other := srv.CreateSegment("other", true)
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodGet, "/v1/segments/"+itoa(other)+"/membership?start="+tokens[0], nil))
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodGet, base+"&start=garbage", nil))
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodGet, "/v1/segments/1/membership?limit=0", nil))

	var count map[string]any
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/segments/1/customer_count", nil)).decode(t, &count)
	if count["count"] != 6.0 {
		t.Errorf("count %v", count)
	}
}

func TestSegmentsThroughApp(t *testing.T) {
	srv := newTestServer(t, WithClock(func() time.Time { return time.Unix(1700000000, 0) }))
	dynamic := srv.CreateSegment("dynamic", false)
	var created struct{ Segment map[string]any }
	srv.mustDo(t, 200, app(http.MethodPost, "/v1/segments", map[string]any{"segment": map[string]any{"name": "Manual", "description": "d"}})).decode(t, &created)
	want := map[string]any{
		"id": 2.0, "deduplicate_id": "2:1700000000", "name": "Manual", "description": "d", "state": "finished",
		"progress": nil, "type": "manual", "tags": nil, "created_at": 1700000000.0, "updated_at": 1700000000.0,
	}
	if !reflect.DeepEqual(created.Segment, want) {
		t.Errorf("created %v, want %v", created.Segment, want)
	}
	var list struct{ Segments []map[string]any }
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/segments", nil)).decode(t, &list)
	if len(list.Segments) != 2 || list.Segments[0]["type"] != "dynamic" || list.Segments[1]["type"] != "manual" {
		t.Errorf("list %v", list)
	}
	if _, err := srv.AddPerson("1", nil); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddToSegment(dynamic, "1"); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddToSegment(99, "1"); err == nil {
		t.Error("AddToSegment to a missing segment succeeded")
	}
	if err := srv.AddToSegment(dynamic, "missing"); err == nil {
		t.Error("AddToSegment of a missing person succeeded")
	}
	var mine struct{ Segments []map[string]any }
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/customers/1/segments", nil)).decode(t, &mine)
	if len(mine.Segments) != 1 || mine.Segments[0]["name"] != "dynamic" {
		t.Errorf("customer segments %v", mine)
	}
	usedBy := srv.mustDo(t, 200, app(http.MethodGet, "/v1/segments/2/used_by", nil)).object(t)
	if usedBy["segment_id"] != 2.0 || usedBy["used_by"] == nil {
		t.Errorf("used_by %v", usedBy)
	}
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodDelete, "/v1/segments/1", nil))
	srv.mustDo(t, 200, app(http.MethodDelete, "/v1/segments/2", nil))
	srv.mustDo(t, http.StatusNotFound, app(http.MethodGet, "/v1/segments/2", nil))
	srv.mustDo(t, http.StatusNotFound, app(http.MethodGet, "/v1/segments/x/membership", nil))
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodPost, "/v1/segments", map[string]any{"segment": map[string]any{}}))
	if got := srv.Segments(); len(got) != 1 || got[0].Name != "dynamic" {
		t.Errorf("Segments %+v", got)
	}
}

func TestTransactionalSends(t *testing.T) {
	srv := newTestServer(t, WithClock(func() time.Time { return time.Unix(1700000000, 0) }))
	ok := []struct {
		typ  string
		body map[string]any
	}{
		{"email", map[string]any{"transactional_message_id": 3, "to": "a@example.com", "identifiers": map[string]any{"id": "1"}, "message_data": map[string]any{"n": 1}}},
		{"email", map[string]any{"to": "a@example.com", "from": "b@example.com", "subject": "s", "body": "b", "attachments": map[string]any{"a.txt": "aGk="}}},
		{"push", map[string]any{"transactional_message_id": "welcome", "identifiers": map[string]any{"email": "a@example.com"}, "to": "all"}},
		{"sms", map[string]any{"transactional_message_id": 4, "to": "+15550001111"}},
		{"in_app", map[string]any{"transactional_message_id": 5, "identifiers": map[string]any{"cio_id": "cio_03000001"}}},
		{"inbox_message", map[string]any{"transactional_message_id": 6, "identifiers": map[string]any{"id": "1"}}},
		{"whatsapp", map[string]any{"to": "+15550001111"}},
	}
	for i, tt := range ok {
		var got struct {
			DeliveryID string `json:"delivery_id"`
			QueuedAt   int64  `json:"queued_at"`
		}
		srv.mustDo(t, 200, app(http.MethodPost, "/v1/send/"+tt.typ, tt.body)).decode(t, &got)
		if want := "dlv_0000000" + itoa(i+1); got.DeliveryID != want || got.QueuedAt != 1700000000 {
			t.Errorf("%s: answer %+v, want delivery %s", tt.typ, got, want)
		}
	}
	sends := srv.Sends()
	if len(sends) != len(ok) {
		t.Fatalf("%d sends", len(sends))
	}
	first := sends[0]
	if first.Type != "email" || first.TransactionalMessageID != "3" || first.Identifiers != (customerio.Identifiers{ID: "1"}) || first.To != "a@example.com" || first.MessageData["n"] != 1.0 {
		t.Errorf("send %+v", first)
	}
	if sends[4].Identifiers.CIOID != "03000001" || sends[2].TransactionalMessageID != "welcome" {
		t.Errorf("sends %+v", sends)
	}
	bad := []struct {
		typ  string
		body map[string]any
	}{
		{"email", map[string]any{"to": "a@example.com"}},
		{"push", map[string]any{"identifiers": map[string]any{"id": "1"}}},
		{"sms", map[string]any{"transactional_message_id": 1}},
		{"in_app", map[string]any{"transactional_message_id": 1}},
		{"email", map[string]any{"transactional_message_id": 1, "identifiers": map[string]any{"id": "1", "email": "a@example.com"}}},
		{"email", map[string]any{"transactional_message_id": 1, "to": "a@x.io,b@x.io,c@x.io,d@x.io,e@x.io,f@x.io,g@x.io,h@x.io", "cc": "a@x.io,b@x.io,c@x.io,d@x.io,e@x.io,f@x.io,g@x.io,h@x.io"}},
		{"email", map[string]any{"transactional_message_id": 1, "attachments": map[string]any{"a": "not base64!"}}},
	}
	for _, tt := range bad {
		resp := srv.mustDo(t, http.StatusBadRequest, app(http.MethodPost, "/v1/send/"+tt.typ, tt.body))
		var body struct {
			Meta struct{ Error string } `json:"meta"`
		}
		resp.decode(t, &body)
		if body.Meta.Error == "" {
			t.Errorf("%s %v: body %s", tt.typ, tt.body, resp.body)
		}
	}
	if len(srv.Sends()) != len(ok) {
		t.Error("a refused send was recorded")
	}
}

func TestBroadcastTriggers(t *testing.T) {
	srv := newTestServer(t, WithClock(func() time.Time { return time.Unix(1700000000, 0) }))
	for i, body := range []any{nil, map[string]any{"emails": []string{"a@example.com"}, "data": map[string]any{"k": 1}}} {
		var got struct{ ID int }
		srv.mustDo(t, 200, app(http.MethodPost, "/v1/campaigns/7/triggers", body)).decode(t, &got)
		if got.ID != i+1 {
			t.Errorf("trigger id %d, want %d", got.ID, i+1)
		}
	}
	triggers := srv.Triggers()
	if len(triggers) != 2 || triggers[1].BroadcastID != 7 || triggers[1].Body["data"] == nil || len(triggers[0].Body) != 0 {
		t.Errorf("triggers %+v", triggers)
	}
	status := srv.mustDo(t, 200, app(http.MethodGet, "/v1/campaigns/7/triggers/2", nil)).object(t)
	if want := map[string]any{"id": 2.0, "broadcast_id": 7.0, "created_at": 1700000000.0, "processed_at": 1700000000.0}; !reflect.DeepEqual(status, want) {
		t.Errorf("status %v", status)
	}
	srv.mustDo(t, http.StatusNotFound, app(http.MethodGet, "/v1/campaigns/8/triggers/2", nil))
	srv.mustDo(t, http.StatusNotFound, app(http.MethodPost, "/v1/campaigns/abc/triggers", nil))
	srv.mustDo(t, http.StatusBadRequest, app(http.MethodPost, "/v1/campaigns/7/triggers", map[string]any{"ids": []string{"1"}, "emails": []string{"a@example.com"}}))
}

func TestTransactionalTemplates(t *testing.T) {
	srv := newTestServer(t, WithClock(func() time.Time { return time.Unix(1700000000, 0) }))
	id := srv.AddTransactionalMessage("Welcome", "first")
	var list struct{ Messages []map[string]any }
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/transactional", nil)).decode(t, &list)
	want := map[string]any{"id": 1.0, "name": "Welcome", "description": "first", "created_at": 1700000000.0, "updated_at": 1700000000.0}
	if len(list.Messages) != 1 || !reflect.DeepEqual(list.Messages[0], want) {
		t.Errorf("list %v", list)
	}
	var one struct{ Message map[string]any }
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/transactional/"+itoa(id), nil)).decode(t, &one)
	if !reflect.DeepEqual(one.Message, want) {
		t.Errorf("get %v", one)
	}
	srv.mustDo(t, http.StatusNotFound, app(http.MethodGet, "/v1/transactional/2", nil))
}

func TestCustomerRelationships(t *testing.T) {
	srv := newTestServer(t)
	var rels []any
	for i := range 3 {
		rels = append(rels, map[string]any{"identifiers": map[string]any{"object_type_id": "1", "object_id": "o" + itoa(i)}, "relationship_attributes": map[string]any{"n": i}})
	}
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/1", map[string]any{"cio_relationships": map[string]any{"action": "add_relationships", "relationships": rels}}))
	var page struct {
		Relationships []struct {
			ObjectTypeID int               `json:"object_type_id"`
			Identifiers  map[string]string `json:"identifiers"`
			Attributes   map[string]any    `json:"attributes"`
		} `json:"cio_relationships"`
		Next string `json:"next"`
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/customers/1/relationships?limit=2", nil)).decode(t, &page)
	if len(page.Relationships) != 2 || page.Next == "" || page.Relationships[1].Identifiers["object_id"] != "o1" || page.Relationships[0].ObjectTypeID != 1 {
		t.Fatalf("page %+v", page)
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/customers/1/relationships?limit=2&start="+page.Next, nil)).decode(t, &page)
	if len(page.Relationships) != 1 || page.Next != "" || page.Relationships[0].Attributes["n"] != 2.0 {
		t.Errorf("second page %+v", page)
	}
	srv.mustDo(t, 200, track(http.MethodPut, "/api/v1/customers/1", map[string]any{"cio_relationships": map[string]any{"action": "delete_relationships", "relationships": rels[:1]}}))
	if got := srv.Relationships(); len(got) != 2 {
		t.Errorf("relationships after delete %+v", got)
	}
}
