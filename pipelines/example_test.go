package pipelines_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// A client queues messages and sends them in one /v1/batch request; Send posts
// one message to its own endpoint. Here a local server stands in for
// https://cdp.customer.io and prints what it receives.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var batch struct {
			Batch []struct {
				Type   string `json:"type"`
				UserID string `json:"userId"`
				Event  string `json:"event"`
			} `json:"batch"`
		}
		_ = json.Unmarshal(body, &batch)
		var items []string
		for _, m := range batch.Batch {
			items = append(items, strings.TrimSpace(m.Type+" "+m.UserID+" "+m.Event))
		}
		fmt.Println(strings.TrimSpace(r.Method + " " + r.URL.Path + " " + strings.Join(items, ", ")))
		_, _ = io.WriteString(w, "{}")
	}))
	defer srv.Close()

	ctx := context.Background()
	c, err := pipelines.New("write-key", customerio.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = c.Identify(ctx, pipelines.Identify{
		UserID: "42",
		Traits: pipelines.Traits{}.SetEmail("ada@example.com").SetName("Ada Lovelace"),
	})
	_ = c.Track(ctx, pipelines.Track{
		UserID:       "42",
		Event:        "Order Completed",
		Properties:   pipelines.Properties{"total": 39.5, "currency": "EUR"},
		Integrations: pipelines.Integrations{}.Disable(pipelines.AllDestinations).Enable("Customer.io"),
	})
	if err := c.Flush(ctx); err != nil {
		fmt.Println(err)
	}

	err = c.Send(ctx, pipelines.Page{UserID: "42", Name: "Pricing"})
	fmt.Println("send:", err)

	err = c.Track(ctx, pipelines.Track{Event: "Signed Up"})
	fmt.Println(err)

	if err := c.Close(ctx); err != nil {
		fmt.Println(err)
	}
	s := c.Stats()
	fmt.Println("delivered:", s.Delivered, "failed:", s.Failed)
	// Output:
	// POST /v1/batch identify 42, track 42 Order Completed
	// POST /v1/page
	// send: <nil>
	// customerio: pipelines.Track: invalid input: userId: is required unless anonymousId is set
	// delivered: 2 failed: 0
}
