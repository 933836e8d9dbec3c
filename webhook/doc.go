// Package webhook receives Customer.io reporting webhooks: it checks that a
// request really comes from Customer.io, and decodes the event it carries.
//
// Customer.io posts a JSON event to your endpoint each time a message is sent,
// delivered, opened, clicked, bounced and so on, or a person's subscription
// changes. Each request carries an X-CIO-Timestamp header and an X-CIO-Signature
// header: the HMAC-SHA256 of "v0:" + timestamp + ":" + raw body under the
// webhook signing key shown in the reporting-webhook settings.
//
//   - [ValidSignature] is the plain check of one signature.
//   - [Verifier] reads the headers, accepts several keys during a key rotation,
//     limits the body size and rejects stale timestamps; [Verifier.Middleware]
//     wraps an http.Handler with all of it.
//   - [ParseEvent] decodes the body into an [Event] with typed common fields,
//     keeping the raw data so nothing is lost. An event is named by its
//     [ObjectType] and a customerio.Metric, and names its person with a
//     customerio.Identifiers: the types the clients of this module report
//     metrics and name people with.
//   - [Sign] produces the headers Customer.io would send, to test your handlers.
//   - [Event] encodes back to the JSON Customer.io sends; [NewEmailEvent],
//     [NewCustomerEvent] and [NewMessageEvent] build events, and
//     [NewSignedRequest] wraps one in a signed request for a handler test.
//
// Usage:
//
//	v := &webhook.Verifier{SigningKey: webhook.NewKey(os.Getenv("CUSTOMERIO_WEBHOOK_SIGNING_KEY"))}
//	http.Handle("POST /cio/events", v.Middleware(http.HandlerFunc(
//		func(w http.ResponseWriter, r *http.Request) {
//			body, _ := io.ReadAll(r.Body) // already read and verified: cannot fail
//			ev, err := webhook.ParseEvent(body)
//			if err != nil {
//				http.Error(w, "bad event", http.StatusBadRequest)
//				return
//			}
//			if ev.ObjectType == webhook.ObjectEmail && ev.Metric == customerio.MetricBounced {
//				// …
//			}
//			w.WriteHeader(http.StatusNoContent)
//		})))
//
// Answer quickly with a 2xx: Customer.io waits 4 seconds, then retries the
// delivery for up to 7 days and holds back the deliveries behind it. A retry keeps
// its event id, so de-duplicate on [Event.EventID]. Because whether retries are
// signed again with a fresh timestamp is not documented, see
// [Verifier.Tolerance] before relying on the replay window.
//
// The package is built for reporting webhooks. Requests from campaign "send and
// receive data" webhook actions may carry a signature made the same way, but
// whether a workspace key exists for them is not documented.
package webhook
