// Package track is a client for Customer.io's Track API v1: it sends the people,
// events and devices of a workspace to Customer.io, where they drive segments,
// campaigns and messages.
//
//	c, err := track.New(siteID, apiKey, customerio.WithRegion(customerio.RegionEU))
//	if err != nil { … }
//	err = c.Identify(ctx, "42", map[string]any{
//		track.AttrEmail:     "ada@example.com",
//		track.AttrCreatedAt: signup, // a time.Time, sent as Unix seconds
//		"plan":              "pro",
//	})
//	err = c.Track(ctx, "42", "purchase", map[string]any{"total": 39.5})
//
// Every endpoint of Track v1 has a method:
//
//   - People: [Client.Identify] (with the reserved keys [AttrCreatedAt],
//     [AttrTimestamp], [AttrUpdateOnly], [AttrRelationships] with
//     [Relationships], [AttrSubscriptionPreferences] with
//     [SubscriptionPreferences]), [Client.Delete], [Client.Suppress],
//     [Client.Unsuppress], [Client.MergePeople].
//   - Events: [Client.Track], [Client.TrackAnonymous], [Client.Pageview],
//     [Client.Screen], with the [Timestamp] (backfill) and [EventID] options.
//   - Devices: [Client.AddDevice], [Client.DeleteDevice].
//   - Manual segments: [Client.AddToSegment], [Client.RemoveFromSegment].
//   - Forms: [Client.SubmitForm]. Delivery metrics: [Client.ReportMetric],
//     [Client.ReportPushEvent]. Custom unsubscribe pages: [Client.Unsubscribe].
//   - Region discovery: [Client.Region].
//   - Any other route: [Client.Do], through the same credentials, retries and
//     typed errors.
//
// # Hosts and credentials
//
// The client authenticates with HTTP Basic (site id, Track API key) and calls the
// Track host of its region: https://track.customer.io, or
// https://track-eu.customer.io with customerio.WithRegion(customerio.RegionEU).
// An EU workspace must use the EU host: the US host redirects, and its data then
// transits the US. customerio.WithBaseURL replaces the host entirely. The API key
// never appears in an error, a log record or a formatted Client.
//
// # Identifiers in paths
//
// A person is named in a path by their id, their email address, or "cio_" and
// their Customer.io id; Customer.io tells them apart by shape. Every path
// argument is escaped as exactly one path segment ("a/b" is sent as "a%2Fb", a
// space as "%20", "+" as "%2B"), so any id, email or device token reaches the
// right URL.
//
// # Values
//
// Attribute and event data maps are sent as given, except that a time.Time (or
// *time.Time) anywhere inside them, nested maps and slices included, is sent as
// integer Unix seconds, as Customer.io stores times. The caller's maps are never
// modified. A NaN or infinite number cannot be sent as JSON and is rejected.
//
// # Bad input
//
// Invalid arguments are a *customerio.ValidationError naming the argument, and
// nothing is sent: a blank person id, event name, device token, form id or
// delivery id; a platform other than ios or android; a customerio.Identifiers
// that sets no field or several, or names the person by phone (Track API v1 has
// no phone identifier; Track API v2, the trackv2 package, has); a metric not
// valid for its channel; a request body over customerio.MaxEntityBytes.
// Customer.io's Track API reference marks an event's name as required, so a
// blank one is refused up front rather than left to the server.
//
// # Retries
//
// Calls are tried once unless a strategy is installed with customerio.WithRetry.
// Every event carries a de-duplication id ([EventID], or a ULID the client
// generates once per call) and every attempt of a call sends identical bytes, so
// Customer.io drops a repeated event and the ready strategies may retry event
// calls. PUT and DELETE calls, Suppress, Unsuppress, Unsubscribe and segment
// changes are safe to repeat as well; MergePeople, SubmitForm, ReportMetric,
// ReportPushEvent and POST or PATCH calls through Do are retried only when
// Customer.io provably never acted on them (no connection was made, or it
// answered 429).
//
// Track API v2 (entity operations and batches) is the trackv2 package; [Client.V2]
// returns a v2 client for the same workspace and options.
package track
