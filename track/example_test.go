package track_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/track"
)

// exampleServer stands in for Customer.io: it prints each request it receives
// and answers 200 {}.
func exampleServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.URL.EscapedPath())
		if len(body) > 0 {
			fmt.Println(string(body))
		}
		_, _ = io.WriteString(w, "{}")
	}))
}

func ExampleClient_Identify() {
	srv := exampleServer()
	defer srv.Close()
	// In production: track.New(siteID, apiKey) or, for an EU workspace,
	// track.New(siteID, apiKey, customerio.WithRegion(customerio.RegionEU)).
	c, err := track.New("site-id", "api-key", customerio.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	// The person is named by email; the "+" is escaped so it cannot read as a space.
	err = c.Identify(context.Background(), "ada+news@example.com", map[string]any{
		track.AttrCreatedAt: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC),
		"plan":              "pro",
		track.AttrSubscriptionPreferences: track.SubscriptionPreferences{
			Topics: map[string]bool{"topic_1": true},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// PUT /api/v1/customers/ada%2Bnews@example.com
	// {"cio_subscription_preferences":{"topics":{"topic_1":true}},"created_at":1709294400,"plan":"pro"}
}

func ExampleClient_Track() {
	srv := exampleServer()
	defer srv.Close()
	c, err := track.New("site-id", "api-key", customerio.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	// Without EventID the client generates a ULID; here the event is backfilled
	// and carries its own de-duplication id.
	err = c.Track(context.Background(), "42", "purchase",
		map[string]any{"total": 39.5, "currency": "EUR"},
		track.Timestamp(time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)),
		track.EventID("01HZY3Q5X7N8M2K4J6H9G0F1E2"),
	)
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// POST /api/v1/customers/42/events
	// {"name":"purchase","data":{"currency":"EUR","total":39.5},"id":"01HZY3Q5X7N8M2K4J6H9G0F1E2","timestamp":1709294400}
}

func ExampleClient_MergePeople() {
	srv := exampleServer()
	defer srv.Close()
	c, err := track.New("site-id", "api-key", customerio.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	// The profile known only by email is merged into the one with id 100.
	err = c.MergePeople(context.Background(), customerio.ByID("100"), customerio.ByEmail("ada@example.com"))
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// POST /api/v1/merge_customers
	// {"primary":{"id":"100"},"secondary":{"email":"ada@example.com"}}
}

func ExampleClient_AddDevice() {
	srv := exampleServer()
	defer srv.Close()
	c, err := track.New("site-id", "api-key", customerio.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	// Track API v1 sends the device token as the device's "id".
	err = c.AddDevice(context.Background(), "42", customerio.Device{
		Token:    "fcm-token-abc",
		Platform: customerio.PlatformAndroid,
		LastUsed: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// PUT /api/v1/customers/42/devices
	// {"device":{"id":"fcm-token-abc","platform":"android","last_used":1709294400}}
}

func ExampleClient_Do() {
	srv := exampleServer()
	defer srv.Close()
	c, err := track.New("site-id", "api-key", customerio.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	// A route without a method of its own: escape each path segment yourself.
	path := "/api/v1/customers/" + url.PathEscape("ada@example.com") + "/devices/" + url.PathEscape("tok/1")
	var out map[string]any
	if err := c.Do(context.Background(), http.MethodDelete, path, nil, &out); err != nil {
		log.Fatal(err)
	}
	// Output:
	// DELETE /api/v1/customers/ada@example.com/devices/tok%2F1
}
