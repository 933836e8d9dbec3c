package customerio

import "errors"

// ErrUndelivered is matched (errors.Is) by the error a background batcher's
// Close returns when it has no failure callback and some of the items it
// accepted were not delivered. Such failures are also logged at error level,
// so they are never invisible; with a failure callback, the callback is the
// report and Close does not return this error.
var ErrUndelivered = errors.New("customerio: accepted items were not delivered")
