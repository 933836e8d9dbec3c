// Package customeriotest is an in-memory fake of Customer.io for tests: the Track
// API (v1 and v2), the App API calls that send, search and read people, and the
// Data Pipelines API, all served from one HTTPS test server speaking HTTP/2.
//
// Start one per test and point any client of this module at it with Option:
//
//	srv := customeriotest.NewServer()
//	defer srv.Close()
//	c, err := track.New(srv.SiteID(), srv.APIKey(), srv.Option())
//
// The fake keeps the state Customer.io would keep (people and their attributes,
// devices, events, suppressions, objects and relationships, manual segments,
// transactional sends, broadcast triggers, Data Pipelines messages) and answers
// with the paths, status codes and body shapes Customer.io documents, so what a
// Track write puts there is what the App API reads back. Accessors such as Person,
// Events and PipelineMessages return copies of that state for assertions (a
// caller can never change the server through them), and Requests returns every
// request received, without its Authorization header.
//
// Credentials are checked like the real service checks them: Track routes take
// HTTP Basic site ID and API key, the App API a Bearer key, Data Pipelines Basic
// with the write key and an empty password; a wrong or missing credential is
// answered 401. The unauthenticated Track routes (/api/v1/metrics,
// /api/v1/push/events, /unsubscribe/{delivery_id}) take none.
//
// The size limits are Customer.io's, read as decimal bytes: a Track v2 entity or
// batch item over customerio.MaxEntityBytes is refused, and so is a whole
// /api/v2/batch body over customerio.MaxBatchBytes, with 400 as the reference
// documents for a rejected request (Customer.io documents no 413 for it). Data
// Pipelines answers 200 and drops such payloads unless the request carries
// X-Strict-Mode: 1; dropped messages stay visible through PipelineMessages.
//
// Faults are scripted per test: FailNext answers the next requests with an error
// status (and Retry-After), DropNext ends them without an answer, SetLatency holds
// every answer back, and Route installs a Rule for the requests matching a method
// and path pattern (Rule.AfterApply applies a request before failing it, the
// case retries with de-duplication ids exist for). Reset clears them.
// WithRequestHook tells a test when a request has reached the server, for
// instance to cancel it while a delay holds it.
//
// Where Customer.io leaves a behaviour undocumented the fake picks the plain
// reading and says so on the method or type concerned; rate limits are not
// enforced (script a 429 with FailNext or Route instead).
package customeriotest
