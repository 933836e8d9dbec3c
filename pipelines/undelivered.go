package pipelines

import customerio "github.com/gocustomerio/customerio"

// ErrUndelivered is customerio.ErrUndelivered, the same value trackv2 uses:
// without WithOnFailure, Close returns an error wrapping it, with how many
// queued messages failed and the first cause, when any did. Each failure is
// also logged at error level, through customerio.WithLogger's logger or
// slog.Default().
var ErrUndelivered = customerio.ErrUndelivered
