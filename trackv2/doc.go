// Package trackv2 is a client for Customer.io's Track API v2
// (https://docs.customer.io/integrations/api/track/tag/track_v2/): typed operations on people,
// objects and deliveries, sent one at a time or in batches.
//
// Track v2 has two endpoints. POST /api/v2/entity takes one operation; POST
// /api/v2/batch takes many, of any kind, and answers 207 when it rejected some
// of them while applying the rest. Every operation is an [Op]: an entity type
// (person, object, delivery), an action from Customer.io's action matrix, the
// entity's identifiers and the fields that action takes.
//
// Build ops with the functions named after each action and send them with
// [Client.Send] or [Client.Batch], or call the method of the same name, which
// does both:
//
//	c, err := trackv2.New(siteID, apiKey, customerio.WithRegion(customerio.RegionEU))
//	…
//	err = c.IdentifyPerson(ctx, customerio.ByEmail("ada@example.com"), map[string]any{
//		"plan":       "pro",
//		"created_at": time.Now(), // sent as Unix seconds
//	})
//	…
//	res, err := c.Batch(ctx, []trackv2.Op{
//		trackv2.IdentifyPerson(customerio.ByID("42"), map[string]any{"plan": "pro"}),
//		trackv2.TrackPersonEvent(customerio.ByID("42"), "upgraded", nil),
//	})
//	var partial *trackv2.PartialError
//	if errors.As(err, &partial) {
//		for _, item := range partial.Errors {
//			log.Printf("op %d rejected: %s", item.Index, item.Message)
//		}
//	}
//
// People are identified by exactly one of id, email, phone or cio_id
// ([customerio.Identifiers]: customerio.ByID, ByEmail, ByPhone, ByCIOID),
// objects by type and id or by Customer.io's object id ([customerio.Object]:
// customerio.ObjectByID, ObjectByCIOID), deliveries by their delivery id
// ([Delivery]). Relationships are [customerio.Relationship] values naming the
// other side: an object for a person, a person (or an anonymous visitor, on
// identify_anonymous) for an object.
//
// [Client.Do] calls a Track API route this package has no method for, through
// the same credentials, retries and typed errors.
//
// What the package guarantees before anything is sent: each op fits its action
// (identifiers present and well formed, event names set, devices complete,
// relationship lists not empty, no field an action does not take), no NaN or
// infinite number hides in its attributes, and it encodes to at most
// customerio.MaxEntityBytes; otherwise the call returns a
// *customerio.ValidationError and makes no request. time.Time values, in
// fields and at any depth of attribute maps, are sent as Unix seconds; the
// caller's maps are never modified.
//
// Events (person event, page and screen, and delivery events) carry a
// de-duplication id: Op.ID, or a ULID generated when the op is encoded. Every
// attempt of a request sends the same bytes, so a retry by the configured
// strategy (customerio.WithRetry) cannot record an event twice; this is why
// every Track v2 request is treated as safe to repeat.
//
// A batch whose body would exceed customerio.MaxBatchBytes is split into several
// requests, sent in order; per-operation errors always carry the operation's
// index in the slice given to Batch.
//
// # Background delivery
//
// A Batcher (NewBatcher, tuned by a customerio.QueueConfig) takes ops on the
// request path and delivers them through /api/v2/batch from background
// goroutines. Enqueue validates and encodes the op on the caller's goroutine
// and never does network I/O, so the caller may reuse its maps at once and a
// bad op is an error right there. Memory is bounded (MaxQueueBytes; a full
// queue blocks or answers customerio.ErrQueueFull, as OnFull says), retryable
// failures are retried with backoff, a batch Customer.io refuses whole is
// halved until the bad op is isolated, and every op ends either delivered or
// handed to OnFailure as a customerio.Failure with its exact bytes, for replay
// with EnqueueRaw. Close delivers what it can before its context ends, reports
// the rest and stops every goroutine.
package trackv2
