package customeriotest

import (
	"net/http"
	"testing"
)

func TestOptOutsRoundTrip(t *testing.T) {
	srv := newTestServer(t)
	if _, err := srv.AddPerson("42", map[string]any{"email": "ada@example.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddPerson("43", nil); err != nil {
		t.Fatal(err)
	}
	srv.mustDo(t, 204, app(http.MethodPut, "/v1/customers/42/optouts", map[string]any{"optouts": []map[string]any{
		{"from": "+15551234567", "optout": true},
		{"from": "+15559876543", "optout": true, "channel": "whatsapp"},
	}}))
	srv.mustDo(t, 204, app(http.MethodPut, "/v1/customers/43/optouts", map[string]any{"optouts": []map[string]any{{"from": "ACME", "optout": true}}}))
	// Opting back in to one sender leaves the other.
	srv.mustDo(t, 204, app(http.MethodPut, "/v1/customers/ada%40example.com/optouts?id_type=email", map[string]any{"optouts": []map[string]any{{"from": "+15551234567", "optout": false}}}))
	srv.mustDo(t, 400, app(http.MethodPut, "/v1/customers/42/optouts", map[string]any{"optouts": []map[string]any{{"from": "x", "optout": true, "channel": "email"}}}))
	srv.mustDo(t, 404, app(http.MethodPut, "/v1/customers/99/optouts", map[string]any{"optouts": []map[string]any{{"from": "x", "optout": true}}}))

	var mine struct {
		Optouts []struct{ Channel, From string }
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/customers/42/optouts", nil)).decode(t, &mine)
	if len(mine.Optouts) != 1 || mine.Optouts[0].Channel != "whatsapp" {
		t.Errorf("person 42: %+v", mine)
	}

	var all struct {
		Optouts []struct {
			CustomerID string `json:"customer_id"`
			Optouts    []struct{ Channel, From string }
		}
		Next string
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/optouts?limit=1", nil)).decode(t, &all)
	if len(all.Optouts) != 1 || all.Optouts[0].CustomerID != "42" || all.Next == "" {
		t.Fatalf("page 1: %+v", all)
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/optouts?limit=1&start="+all.Next, nil)).decode(t, &all)
	if len(all.Optouts) != 1 || all.Optouts[0].CustomerID != "43" || all.Optouts[0].Optouts[0].From != "acme" || all.Next != "" {
		t.Errorf("page 2: %+v", all)
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/optouts?from=acme", nil)).decode(t, &all)
	if len(all.Optouts) != 1 || all.Optouts[0].CustomerID != "43" {
		t.Errorf("from=acme: %+v", all)
	}
}

func TestInfoNeedsNoCredentialsAndTheRestDo(t *testing.T) {
	srv := newTestServer(t)
	var info struct {
		IPAddresses []string `json:"ip_addresses"`
	}
	srv.mustDo(t, 200, request{method: http.MethodGet, path: "/v1/info/ip_addresses"}).decode(t, &info)
	if len(info.IPAddresses) == 0 {
		t.Error("no addresses")
	}
	for _, path := range []string{"/v1/workspaces", "/v1/sender_identities", "/v1/subscription_topics", "/v1/optouts"} {
		srv.mustDo(t, 401, request{method: http.MethodGet, path: path})
	}
	var senders struct {
		SenderIdentities []struct{ ID int } `json:"sender_identities"`
		Next             string
	}
	srv.mustDo(t, 200, app(http.MethodGet, "/v1/sender_identities?sort=desc&limit=1", nil)).decode(t, &senders)
	if len(senders.SenderIdentities) != 1 || senders.SenderIdentities[0].ID != 2 || senders.Next == "" {
		t.Errorf("senders: %+v", senders)
	}
	if _, err := srv.AddPerson("42", nil); err != nil {
		t.Fatal(err)
	}
	link := srv.mustDo(t, 200, app(http.MethodGet, "/v1/subscription_center/42/token", nil)).object(t)
	if link["token"] == "" || link["url"] == "" {
		t.Errorf("link %v", link)
	}
	srv.mustDo(t, 400, app(http.MethodGet, "/v1/subscription_center/nobody/token", nil))
	ws := srv.mustDo(t, 200, app(http.MethodGet, "/v1/workspaces", nil)).object(t)
	if list, _ := ws["workspaces"].([]any); len(list) != 1 || list[0].(map[string]any)["people"] != float64(1) {
		t.Errorf("workspaces %v", ws)
	}
}
