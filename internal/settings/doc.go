// Package settings is the configuration every client of this module resolves in
// its constructor. It imports nothing of this module, so that the root package
// can define its options (customerio.Option is a func(*Settings)) and the client
// packages can read what they set without any of it being public API.
package settings
