package webhook_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/webhook"
)

// A handler for reporting webhooks behind the middleware. A request signed with
// the workspace's signing key reaches the handler with its body intact; a
// tampered one is refused with 401 before the handler runs.
func ExampleVerifier_Middleware() {
	const signingKey = "755781b5e03a973f3405a85474d5a032a60fd56fabaad66039b12eadd83955fa"
	now := time.Unix(1692633432, 0)

	v := &webhook.Verifier{
		SigningKey: webhook.NewKey(signingKey),
		Now:        func() time.Time { return now }, // a fixed clock for the example
	}
	handler := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ev, err := webhook.ParseEvent(body)
		if err != nil {
			http.Error(w, "bad event", http.StatusBadRequest)
			return
		}
		fmt.Printf("handler: %s %s for %s (campaign %d)\n",
			ev.ObjectType, ev.Metric, ev.Data.Identifiers.Email, ev.Data.CampaignID)
		w.WriteHeader(http.StatusNoContent)
	}))

	body := []byte(`{"event_id":"01HQZ7X5N3K2V8R4T6W9Y1C0DE","object_type":"email","metric":"opened",` +
		`"timestamp":1692633432,"data":{"identifiers":{"email":"ada@example.com"},"campaign_id":23}}`)
	send := func(body []byte, timestamp, signature string) {
		req := httptest.NewRequest(http.MethodPost, "/cio/events", bytes.NewReader(body))
		req.Header.Set(webhook.HeaderTimestamp, timestamp)
		req.Header.Set(webhook.HeaderSignature, signature)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		fmt.Println("status:", rec.Code)
	}

	timestamp, signature := webhook.Sign(signingKey, now, body)
	send(body, timestamp, signature)
	send(bytes.Replace(body, []byte("opened"), []byte("clicked"), 1), timestamp, signature)
	// Output:
	// handler: email opened for ada@example.com (campaign 23)
	// status: 204
	// status: 401
}

func ExampleValidSignature() {
	const signingKey = "755781b5e03a973f3405a85474d5a032a60fd56fabaad66039b12eadd83955fa"
	body := []byte(`{"key": "value"}`)
	signature := "d7c655389bb364d3e8bdbb6ec18a7f1b6cf91f39bba647554ada78aa61de37b9"

	fmt.Println(webhook.ValidSignature(signingKey, "1692633432", body, signature))
	fmt.Println(webhook.ValidSignature(signingKey, "1692633432", body, "v0="+signature))
	fmt.Println(webhook.ValidSignature(signingKey, "1692633433", body, signature))
	fmt.Println(webhook.ValidSignature(signingKey, "1692633432", []byte(`{"key":"value"}`), signature))
	// Output:
	// true
	// true
	// false
	// false
}

func ExampleSign() {
	timestamp, signature := webhook.Sign(
		"755781b5e03a973f3405a85474d5a032a60fd56fabaad66039b12eadd83955fa",
		time.Unix(1692633432, 0),
		[]byte(`{"key": "value"}`))
	fmt.Println(webhook.HeaderTimestamp+":", timestamp)
	fmt.Println(webhook.HeaderSignature+":", signature)
	// Output:
	// X-CIO-Timestamp: 1692633432
	// X-CIO-Signature: d7c655389bb364d3e8bdbb6ec18a7f1b6cf91f39bba647554ada78aa61de37b9
}

func ExampleVerifier_Verify() {
	const oldKey, newKey = "old-signing-key", "new-signing-key"
	now := time.Unix(1692633432, 0)
	body := []byte(`{"key": "value"}`)

	// During a key rotation both keys are accepted.
	v := &webhook.Verifier{SigningKey: webhook.NewKey(newKey), PreviousKeys: []webhook.Key{webhook.NewKey(oldKey)}, Now: func() time.Time { return now }}
	for _, key := range []string{newKey, oldKey, "unknown-key"} {
		timestamp, signature := webhook.Sign(key, now, body)
		h := http.Header{}
		h.Set(webhook.HeaderTimestamp, timestamp)
		h.Set(webhook.HeaderSignature, signature)
		fmt.Println(v.Verify(h, body))
	}

	// A delivery signed an hour ago is outside the default 5-minute window.
	timestamp, signature := webhook.Sign(newKey, now.Add(-time.Hour), body)
	h := http.Header{}
	h.Set(webhook.HeaderTimestamp, timestamp)
	h.Set(webhook.HeaderSignature, signature)
	fmt.Println(v.Verify(h, body))
	// Output:
	// <nil>
	// <nil>
	// webhook: invalid signature: no signing key matches
	// webhook: timestamp outside tolerance: signed at 1692629832, 1h0m0s from now, tolerance 5m0s
}

func ExampleParseEvent() {
	ev, err := webhook.ParseEvent([]byte(`{
		"event_id": "01HQZ8A0B1C2D3E4F5G6H7J8K9",
		"object_type": "email",
		"metric": "bounced",
		"timestamp": 1692640000,
		"data": {
			"identifiers": {"id": "4822", "email": "grace@example.invalid", "cio_id": "b2c30d0e0f10"},
			"delivery_id": "RPILAgUBcRhIBqSfeiIwdIYJKxTZ",
			"campaign_id": 23,
			"failure_message": "550 5.1.1 mailbox does not exist",
			"campaign_name": "Onboarding"
		}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	if ev.ObjectType == webhook.ObjectEmail && ev.Metric == customerio.MetricBounced {
		fmt.Println(ev.Timestamp.Format(time.RFC3339), ev.Data.Identifiers.Email, ev.Data.CampaignID)
		fmt.Println(ev.Data.FailureMessage)
	}
	// Output:
	// 2023-08-21T17:46:40Z grace@example.invalid 23
	// 550 5.1.1 mailbox does not exist
}
