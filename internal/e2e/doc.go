// Package e2e holds the end-to-end tests of the module: each client (track,
// trackv2, app) and the webhook middleware driven against customeriotest, the
// in-memory fake Customer.io, so that what one API writes is read back through
// another, exactly as a workspace would show it.
//
// The tests cover the behaviour no single package can check on its own: a
// person identified through the Track API and found through the App API by id
// and by email; retried events landing once thanks to their de-duplication
// ids; a Track v2 batch partly rejected with 207; Retry-After honoured by the
// ready retry strategy; transactional sends not repeated unless asked;
// segment membership paged through the App API; region and base URL options
// combined; suppression and merges. The package has no code of its own.
package e2e
