// Package app is a client for Customer.io's App API (https://api.customer.io/v1,
// or https://api-eu.customer.io/v1 for EU workspaces): every one of its routes,
// from transactional sends to exports and Design Studio.
//
// Build one Client per App API key with New and share it; it is immutable and safe
// for concurrent use. Routes are grouped the way Customer.io documents them:
// transactional sends are methods of Client (and so is Do, for a route this
// package does not wrap); everything else hangs off one service per resource:
//
//   - people and their data: Customers, Segments, Objects, Activities, OptOuts,
//     SubscriptionCenter;
//   - messages: Campaigns, Broadcasts, Newsletters, Transactional, Messages,
//     LiveNotifications;
//   - content: DesignEmails, Components, DesignFolders, Assets, Snippets,
//     Collections;
//   - data in and out: Exports, Imports, DataIndex;
//   - the workspace: SenderIdentities, ReportingWebhooks, ESPSuppressions,
//     Workspaces, Info.
//
// Each method's doc comment names its route as METHOD /v1/path/{param}.
//
// # One request, one answer
//
// Every route takes typed input and returns a typed result, unwrapped from the
// top-level key Customer.io puts it under ({"segment": {…}} becomes a *Segment).
// Unix-second timestamps arrive as time.Time in UTC. Where Customer.io does not
// document a response, it is returned as json.RawMessage, untouched. The json tags
// of request structs name the wire fields (and the fields of validation errors);
// the client converts times and fills in defaults as it encodes a request, so pass
// requests to their method rather than encoding them yourself.
//
// # Optional values
//
// A field or option is a pointer only when leaving it out differs from sending its
// zero value: SendEmailRequest.Tracked is a *bool because Customer.io's default is
// true, and ListOptions.Limit is an *int because a limit of 0 is sent only when
// set. Bool, Int and String make such pointers. Every other field is sent when it
// is not its zero value, or always where Customer.io's wire format asks for it
// (the defaulted booleans of transactional sends).
//
// # Paging
//
// Each paged route has two forms: List… (or Search) returns one ListPage and its
// Next, which goes back in as the options' Start (a cursor, an integer offset or,
// for Design Studio and assets, a page number in PageOptions); All… returns an
// iter.Seq2 that walks every page, starting when the loop starts and stopping on
// the last page, when the loop breaks, or after yielding the first error:
//
//	for member, err := range client.Segments.AllMembers(ctx, 42, app.ListOptions{Limit: customerio.Ptr(1000)}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(member.ID)
//	}
//
// # Background jobs
//
// Exports and Design Studio publishes run in the background at Customer.io.
// Exports.Wait and DesignEmails.WaitForPublish poll them with a doubling pause
// (PollOptions) until they are done, fail or ctx ends.
//
// # Shared vocabulary
//
// People are named with the root package's customerio.Identifiers (built with
// customerio.ByID, ByEmail or ByCIOID); a transactional send refuses
// Identifiers.Phone, which its routes do not take, before any request, while
// paths and id lists accept every customerio.IDType, phone included, where the
// workspace uses it. Optional fields take customerio.Ptr(v), and a push
// send's CustomDevice is a customerio.Device. The answer shapes (Customer,
// Segment, Delivery, …) are this package's own.
//
// # Failures
//
// Bad input (a blank path id, several identifiers, more than 15 recipients,
// attachments over 2 MB, NaN in message data, …) is a *customerio.ValidationError
// and nothing is sent. HTTP failures are *customerio.APIError; a 2xx answer that
// does not decode is a *customerio.DecodeError holding the body. A POST that sends,
// creates, schedules or publishes is not idempotent: the ready retry strategies
// repeat it only when the failure proves Customer.io never acted on the request,
// unless the call passes AllowRepeat (where it takes CallOptions) or the strategy
// is built with retry.RetryNonIdempotent. GET, PUT and DELETE are repeated, except
// removing an ESP suppression, which is never repeated by default. Routes with a
// lower rate limit (the broadcast trigger, the archived message, Design Studio's
// render, preview, review, link and publish) say so; a 429 is waited out with its
// Retry-After.
package app
