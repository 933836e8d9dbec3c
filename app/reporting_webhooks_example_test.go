package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/webhook"
)

// A reporting webhook's round trip: create it through the App API, take the
// signing key from where Customer.io shows it (the fake stands in for the
// Reporting webhooks page), and accept only deliveries it signed.
func ExampleReportingWebhooksService_Create() {
	ctx := context.Background()
	srv := customeriotest.NewServer()
	defer srv.Close()

	// The receiving end: webhook.Verifier refuses any request not signed with
	// the workspace's key.
	verifier := &webhook.Verifier{SigningKey: webhook.NewKey(srv.ReportingWebhookSigningKey())}
	var mu sync.Mutex
	var metrics []string
	receiver := httptest.NewServer(verifier.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if ev, err := webhook.ParseEvent(body); err == nil {
			mu.Lock()
			metrics = append(metrics, string(ev.ObjectType)+" "+string(ev.Metric))
			mu.Unlock()
		}
	})))
	defer receiver.Close()

	c, err := app.New(srv.AppKey(), srv.Option())
	if err != nil {
		fmt.Println(err)
		return
	}
	hook, err := c.ReportingWebhooks.Create(ctx, app.ReportingWebhookRequest{
		Name:     "deliveries",
		Endpoint: receiver.URL,
		Events:   []string{"email_sent", "email_delivered"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(hook.Name, hook.Disabled)

	template := srv.AddTransactionalMessage("welcome", "")
	if _, err := c.SendEmail(ctx, app.SendEmailRequest{
		TransactionalMessageID: app.TemplateID(template),
		Identifiers:            customerio.Identifiers{ID: "42"},
		To:                     "ada@example.com",
	}); err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.WaitWebhooks(ctx); err != nil {
		fmt.Println(err)
		return
	}
	// A delivery without Customer.io's signature never reaches the handler.
	forged, err := http.Post(receiver.URL, "application/json", strings.NewReader(`{"metric":"clicked"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	forged.Body.Close()
	fmt.Println(forged.StatusCode)

	mu.Lock()
	sort.Strings(metrics)
	fmt.Println(metrics)
	mu.Unlock()
	// Output:
	// deliveries false
	// 401
	// [email delivered email sent]
}
