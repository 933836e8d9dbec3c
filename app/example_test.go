package app_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
)

func ExampleClient_SendEmail() {
	// A stand-in for Customer.io that shows what it received.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			To          string            `json:"to"`
			Attachments map[string]string `json:"attachments"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		for name, content := range body.Attachments {
			decoded, _ := base64.StdEncoding.DecodeString(content)
			fmt.Printf("%s %s to %s, attached %s: %q\n", r.Method, r.URL.Path, body.To, name, decoded)
		}
		fmt.Fprint(w, `{"delivery_id":"RPILAgUBcRhIBqSfeiIwdIYJKxTY","queued_at":1700000000}`)
	}))
	defer srv.Close()

	client, err := app.New("your-app-api-key", customerio.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	req := app.SendEmailRequest{
		TransactionalMessageID: app.TemplateID(3),
		Identifiers:            customerio.ByEmail("jane@example.com"),
		To:                     "jane@example.com",
		MessageData:            map[string]any{"order_id": "A-1", "placed_at": time.Now()},
	}
	if err := req.Attach("receipt.txt", []byte("Order A-1: 1 T-shirt")); err != nil {
		log.Fatal(err)
	}
	sent, err := client.SendEmail(context.Background(), req)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("delivery", sent.DeliveryID, "queued at", sent.QueuedAt.Format(time.RFC3339))
	// Output:
	// POST /v1/send/email to jane@example.com, attached receipt.txt: "Order A-1: 1 T-shirt"
	// delivery RPILAgUBcRhIBqSfeiIwdIYJKxTY queued at 2023-11-14T22:13:20Z
}

func ExampleSegmentsService_AllMembers() {
	// A stand-in for Customer.io serving a segment of three people, two per page.
	pages := map[string]string{
		"":       `{"identifiers":[{"id":"1","email":"ada@example.com"},{"id":"2","email":"grace@example.com"}],"next":"page-2"}`,
		"page-2": `{"identifiers":[{"id":"3","email":"alan@example.com"}],"next":""}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, pages[r.URL.Query().Get("start")])
	}))
	defer srv.Close()

	client, err := app.New("your-app-api-key", customerio.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	for member, err := range client.Segments.AllMembers(context.Background(), 42, app.ListOptions{Limit: customerio.Ptr(2)}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(member.ID, member.Email)
	}
	// Output:
	// 1 ada@example.com
	// 2 grace@example.com
	// 3 alan@example.com
}

func ExampleAnd() {
	filter := app.And(
		app.InSegment(7),
		app.Not(app.Attribute("plan", app.Equals, "free")),
	)
	b, _ := json.Marshal(filter)
	fmt.Println(string(b))
	// Output:
	// {"and":[{"segment":{"id":7}},{"not":{"attribute":{"field":"plan","operator":"eq","value":"free"}}}]}
}
