package customeriotest

import (
	"net/http"
	"slices"
	"strconv"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestWorkspaceMessagesListsSendsAndNewsletters: GET /v1/messages holds the
// transactional sends, the newsletters' and the campaigns' deliveries, filters
// by newsletter and campaign, pages, and each one reads back by id.
func TestWorkspaceMessagesListsSendsAndNewsletters(t *testing.T) {
	srv := newTestServer(t)
	seed(t, srv) // person 42, template 1 and send dlv_00000001
	letter := srv.AddSentNewsletter("Spring news", "Spring news", customerio.ByID("42"))
	ids := func(path string) ([]string, string) {
		t.Helper()
		var page struct {
			Messages []struct {
				ID           string `json:"id"`
				NewsletterID int    `json:"newsletter_id"`
			} `json:"messages"`
			Next string `json:"next"`
		}
		srv.mustDo(t, 200, app(http.MethodGet, path, nil)).decode(t, &page)
		var out []string
		for _, m := range page.Messages {
			out = append(out, m.ID)
		}
		return out, page.Next
	}
	all, _ := ids("/v1/messages")
	got, _ := ids("/v1/messages?newsletter_id=" + strconv.Itoa(letter))
	if len(got) != 1 {
		t.Fatalf("newsletter %d messages %v, want its one delivery", letter, got)
	}
	nl := got[0]
	if all[0] != nl || !slices.Contains(all, "dlv_00000001") {
		t.Errorf("messages %v, want the newsletter delivery first and the send among them", all)
	}
	campaign, _ := ids("/v1/messages?campaign_id=1")
	if len(campaign) == 0 || slices.Contains(campaign, nl) || slices.Contains(campaign, "dlv_00000001") {
		t.Errorf("campaign 1 messages %v, want the seeded campaign's deliveries only", campaign)
	}
	first, next := ids("/v1/messages?limit=1")
	second, _ := ids("/v1/messages?limit=1&start=" + next)
	if len(first) != 1 || len(second) != 1 || first[0] != all[0] || second[0] != all[1] {
		t.Errorf("pages %v then %v (next %q), want %v", first, second, next, all[:2])
	}
	read := srv.mustDo(t, 200, app(http.MethodGet, "/v1/messages/"+nl, nil)).object(t)["message"].(map[string]any)
	if read["newsletter_id"] != float64(letter) || read["subject"] != "Spring news" {
		t.Errorf("message %v", read)
	}
	letterBody := srv.mustDo(t, 200, app(http.MethodGet, "/v1/messages/"+nl+"/archived_message", nil)).object(t)["archived_message"].(map[string]any)
	if letterBody["body"] != "<p>Spring news</p>" {
		t.Errorf("archived newsletter delivery %v, want the variant's body", letterBody)
	}
	archived := srv.mustDo(t, 200, app(http.MethodGet, "/v1/messages/dlv_00000001/archived_message", nil)).object(t)["archived_message"].(map[string]any)
	if archived["id"] != "dlv_00000001" || archived["recipient"] != "ada@example.com" {
		t.Errorf("archived %v", archived)
	}
	srv.mustDo(t, 404, app(http.MethodGet, "/v1/messages/nope", nil))
	srv.mustDo(t, 400, app(http.MethodGet, "/v1/messages?type=fax", nil))
}

// TestWorkspaceActivitiesSpanEveryPerson: GET /v1/activities holds every
// person's activities, and customer_id narrows it to one.
func TestWorkspaceActivitiesSpanEveryPerson(t *testing.T) {
	srv := newTestServer(t)
	for _, id := range []string{"1", "2"} {
		if _, err := srv.AddPerson(id, map[string]any{"email": id + "@example.com"}); err != nil {
			t.Fatal(err)
		}
	}
	people := func(path string) map[string]int {
		t.Helper()
		var page struct {
			Activities []struct {
				CustomerID string `json:"customer_id"`
			} `json:"activities"`
		}
		srv.mustDo(t, 200, app(http.MethodGet, path, nil)).decode(t, &page)
		out := map[string]int{}
		for _, a := range page.Activities {
			out[a.CustomerID]++
		}
		return out
	}
	if got := people("/v1/activities?type=attribute_change"); got["1"] == 0 || got["2"] == 0 {
		t.Errorf("activities by person %v, want both", got)
	}
	if got := people("/v1/activities?customer_id=2%40example.com&id_type=email"); got["1"] != 0 || got["2"] == 0 {
		t.Errorf("activities of person 2 %v", got)
	}
	if got := people("/v1/activities?deleted=true"); len(got) != 0 {
		t.Errorf("deleted people's activities %v, want none", got)
	}
	srv.mustDo(t, 400, app(http.MethodGet, "/v1/activities?id_type=email", nil))
}
