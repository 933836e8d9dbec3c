package customeriotest

import (
	"net/http"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
)

func TestOptionPointsClientsAtTheServer(t *testing.T) {
	srv := newTestServer(t)
	s, err := settings.Resolve("", []customerio.Option{customerio.WithRegion(customerio.RegionEU), srv.Option()})
	if err != nil {
		t.Fatal(err)
	}
	for _, api := range []settings.API{settings.TrackAPI, settings.AppAPI, settings.PipelinesAPI} {
		if got := s.BaseURLFor(api); got != srv.URL() {
			t.Errorf("API %d goes to %s, want %s", api, got, srv.URL())
		}
	}
	if s.HTTPClient != srv.Client() {
		t.Error("Option did not install the server's client")
	}
	if DefaultSiteID != srv.SiteID() || DefaultAPIKey != srv.APIKey() || DefaultAppKey != srv.AppKey() || DefaultWriteKey != srv.WriteKey() {
		t.Error("default credentials differ from the constants")
	}
}

func TestServerSpeaksHTTP2(t *testing.T) {
	srv := newTestServer(t)
	resp, err := srv.Client().Do(srv.newRequest(t, app(http.MethodGet, "/v1/segments", nil)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 {
		t.Errorf("protocol %s, want HTTP/2", resp.Proto)
	}
}

func TestCloseTwiceAndReadAfter(t *testing.T) {
	srv := NewServer()
	srv.mustDo(t, http.StatusOK, track(http.MethodPut, "/api/v1/customers/1", map[string]any{}))
	srv.Close()
	srv.Close()
	if _, ok := srv.Person("1"); !ok || len(srv.Requests()) != 1 {
		t.Error("state not readable after Close")
	}
}

// TestConcurrentRequests drives every API from many goroutines while the
// accessors read; run with -race.
func TestConcurrentRequests(t *testing.T) {
	srv := newTestServer(t)
	seg := srv.CreateSegment("s", true)
	const workers, each = 16, 10
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				id := itoa(w*each + i)
				for _, r := range []request{
					track(http.MethodPut, "/api/v1/customers/"+id, map[string]any{"email": id + "@example.com", "n": i}),
					track(http.MethodPost, "/api/v1/customers/"+id+"/events", map[string]any{"name": "e", "id": "ev-" + id}),
					track(http.MethodPost, "/api/v1/customers/"+id+"/events", map[string]any{"name": "e", "id": "ev-" + id}),
					track(http.MethodPost, "/api/v1/segments/"+itoa(seg)+"/add_customers", map[string]any{"ids": []string{id}}),
					app(http.MethodGet, "/v1/customers/"+id+"/attributes", nil),
					pipelines("/v1/track", map[string]any{"userId": id, "event": "p", "messageId": "m-" + id}),
				} {
					if !srv.check(t, http.StatusOK, r) {
						return
					}
				}
				_ = srv.People()
				_ = srv.Requests()
				_ = srv.SegmentMembers(seg)
			}
		})
	}
	wg.Wait()
	if n := len(srv.People()); n != workers*each {
		t.Errorf("%d people, want %d", n, workers*each)
	}
	if n := len(srv.SegmentMembers(seg)); n != workers*each {
		t.Errorf("%d members, want %d", n, workers*each)
	}
	for _, p := range srv.People() {
		if n := len(srv.Events(p.ID)); n != 2 {
			t.Fatalf("person %s has %d events, want 2 (one Track, one Data Pipelines)", p.ID, n)
		}
	}
}

// TestAccessorsReturnCopies changes everything the accessors return and
// checks the server's state did not move.
func TestAccessorsReturnCopies(t *testing.T) {
	srv := newTestServer(t)
	attrs := map[string]any{"nested": map[string]any{"k": "v"}, "list": []any{"a"}}
	if _, err := srv.AddPerson("1", attrs); err != nil {
		t.Fatal(err)
	}
	attrs["nested"].(map[string]any)["k"] = "changed by the caller"
	srv.mustDo(t, http.StatusOK, track(http.MethodPut, "/api/v1/customers/1/devices", map[string]any{"device": map[string]any{"id": "t", "platform": "ios", "attributes": map[string]any{"a": "b"}}}))
	srv.mustDo(t, http.StatusOK, track(http.MethodPost, "/api/v1/customers/1/events", map[string]any{"name": "e", "data": map[string]any{"d": map[string]any{"x": 1}}}))
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/send/email", map[string]any{"transactional_message_id": 1, "message_data": map[string]any{"m": 1}}))
	srv.mustDo(t, http.StatusOK, pipelines("/v1/track", map[string]any{"userId": "1", "event": "p", "properties": map[string]any{"q": 1}}))

	p, _ := srv.Person("1")
	p.Attributes["nested"].(map[string]any)["k"] = "x"
	p.Attributes["list"].([]any)[0] = "x"
	p.Devices[0].Attributes["a"] = "x"
	srv.Events("1")[0].Data["d"].(map[string]any)["x"] = "x"
	srv.Sends()[0].Body["message_data"].(map[string]any)["m"] = "x"
	srv.PipelineMessages()[0].Properties["q"] = "x"
	log := srv.Requests()
	log[0].Body[0] = 'X'
	log[0].Header.Set("X-Extra", "x")

	p, _ = srv.Person("1")
	if p.Attributes["nested"].(map[string]any)["k"] != "v" || p.Attributes["list"].([]any)[0] != "a" || p.Devices[0].Attributes["a"] != "b" {
		t.Errorf("person changed: %+v", p)
	}
	if srv.Events("1")[0].Data["d"].(map[string]any)["x"] != 1.0 {
		t.Error("event data changed")
	}
	if srv.Sends()[0].Body["message_data"].(map[string]any)["m"] != 1.0 || srv.Sends()[0].MessageData["m"] != 1.0 {
		t.Error("send changed")
	}
	if srv.PipelineMessages()[0].Properties["q"] != 1.0 {
		t.Error("pipeline message changed")
	}
	if log = srv.Requests(); log[0].Body[0] == 'X' || log[0].Header.Get("X-Extra") != "" {
		t.Error("request log changed")
	}
}
