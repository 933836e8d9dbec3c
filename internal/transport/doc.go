// Package transport is the one request path every client in this module uses:
// encode the body once, add headers and credentials, send each attempt through the
// configured retry strategy with its own timeout, read the answer and turn any
// non-2xx status into a *customerio.APIError.
package transport
