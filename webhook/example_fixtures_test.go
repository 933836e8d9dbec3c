package webhook_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/webhook"
)

// A unit test of a webhook handler: build the event the handler cares about,
// wrap it in a request signed with the test's key, and serve it.
func ExampleNewSignedRequest() {
	const signingKey = "test-signing-key"
	handler := (&webhook.Verifier{SigningKey: webhook.NewKey(signingKey)}).Middleware(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			ev, err := webhook.ParseEvent(body)
			if err != nil {
				http.Error(w, "bad event", http.StatusBadRequest)
				return
			}
			fmt.Println(ev.ObjectType, ev.Metric, ev.Data.DeliveryID, ev.Data.Recipient, ev.Data.FailureMessage)
			w.WriteHeader(http.StatusNoContent)
		}))

	ev := webhook.NewEmailEvent(customerio.MetricBounced, "dlv_00000001", customerio.Identifiers{ID: "42", Email: "ada@example.com"})
	ev.Data.FailureMessage = "550 mailbox unavailable"
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, webhook.NewSignedRequest(signingKey, ev))
	fmt.Println(rec.Code)
	// Output:
	// email bounced dlv_00000001 ada@example.com 550 mailbox unavailable
	// 204
}
