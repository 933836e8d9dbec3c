// Package pipelines is a client for Customer.io's Data Pipelines API
// (https://docs.customer.io/integrations/api/cdp/), the Segment-spec ingest API
// behind Customer.io's own SDKs: it sends who users are (Identify, Group,
// Alias) and what they do (Track, Page, Screen) to a Data Pipelines source, from
// where Customer.io updates people and objects, records events, and forwards
// the messages to the source's other destinations.
//
//	c, err := pipelines.New(writeKey, customerio.WithRegion(customerio.RegionEU))
//	if err != nil { … }
//	defer c.Close(context.Background())
//
//	err = c.Identify(ctx, pipelines.Identify{
//		UserID: "42",
//		Traits: pipelines.Traits{}.SetEmail("ada@example.com").Set("plan", "pro"),
//	})
//	err = c.Track(ctx, pipelines.Track{
//		UserID:     "42",
//		Event:      "Order Completed",
//		Properties: pipelines.Properties{"total": 39.5, "currency": "EUR"},
//	})
//
// # Queue
//
// Identify, Track, Page, Screen, Group and Alias check and encode their message
// on the caller's goroutine, then queue the bytes and return without waiting
// for the network. Background uploaders send the queue to POST /v1/batch as
// {"batch":[…],"sentAt":"…"}, sentAt being the time of each attempt in RFC 3339
// UTC with milliseconds. A batch leaves when it holds QueueConfig.MaxBatchItems
// messages, when the next message would take its body past
// QueueConfig.MaxBatchBytes (by default customerio.MaxBatchBytes, 500,000
// bytes, envelope included, counted on the exact bytes sent), when
// QueueConfig.FlushInterval has passed since its first message, or on Flush and
// Close. WithQueue tunes the queue with a customerio.QueueConfig, the same one
// trackv2.NewBatcher takes; Stats reports its customerio.QueueStats.
//
// Every message queued gets exactly one outcome: delivered, or reported to
// QueueConfig.OnFailure as a customerio.Failure with its bytes for a later
// replay. A batch that failed with a retryable error (transport failure, 408,
// 429, any 5xx) is sent again with backoff for up to QueueConfig.MaxRetryElapsed
// (30 seconds by default); one refused as a whole (HTTP 400 or 413, as strict
// mode answers an invalid payload) is split in halves down to single messages,
// so that only the messages at fault fail. Each request also goes through the
// configured retry strategy (customerio.WithRetry). Retries cannot record a
// message twice: each message has a messageId, generated as it is queued when
// the caller gave none, which every retry of it repeats and which Customer.io
// de-duplicates on.
//
// Customer.io does not document whether it reads a batch-level sentAt; every
// message carries its own timestamp, so nothing depends on it.
//
// Send posts a single message to its own endpoint and returns the answer.
//
// # Checks before sending
//
// Without strict mode, Data Pipelines answers 200 and silently drops a payload
// that is too large or invalid, so the client checks what it can before
// queueing: a userId or an anonymousId on every message (an Identify may carry
// traits.email instead), a non-empty Track event, Group groupId and Alias
// previousId and userId, timestamps RFC 3339 can write, no NaN or infinite
// number anywhere (JSON has none), and at most customerio.MaxEntityBytes
// (32,000 bytes) per encoded message. A message failing any of these is a
// *customerio.ValidationError from the call itself, naming the field
// ("properties.items[2].price"), and nothing is queued. WithStrictMode makes
// the API report the rest.
//
// # Wire format
//
// Messages follow the Segment spec in camelCase (userId, anonymousId,
// messageId, previousId, groupId, sentAt). timestamp is the message's
// Timestamp, or the time it was queued, in UTC. context is the client's
// default context (WithDefaultContext) with the message's Context merged over
// it; context.library is always {"name":"customerio-go","version":<the
// module's version>}. integrations is the message's Integrations.
//
// time.Time values inside Traits, Properties and Context are sent the way
// encoding/json writes them, as RFC 3339 strings, and not as the Unix seconds
// the Track and App API clients of this module send. The Segment spec writes
// every date as an ISO-8601 string and leaves any conversion to each
// destination; a number would reach every destination of the source as a plain
// number. To store a Unix-seconds attribute in Customer.io, pass t.Unix().
//
// # Hosts and credentials
//
// The client authenticates with HTTP Basic, the write key as user name and an
// empty password, and calls https://cdp.customer.io, or
// https://cdp-eu.customer.io for customerio.RegionEU. customerio.WithBaseURL
// points it at any collector that takes the same payloads (RudderStack and
// Hightouch data planes, for instance). The write key never appears in an
// error, a log record or a formatted Client.
package pipelines
