package pipelines

import (
	"errors"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch"
)

// queueError returns err so that errors.Is matches the root package's queue
// errors (customerio.ErrQueueFull, ErrClosed) whatever values the batch engine
// uses. While the engine has sentinels of its own, an error matching one is
// returned as an error matching both: the engine's sentinel itself reads as
// the root value's message, and an error wrapping it keeps its own. An error
// that already matches the root value is returned as is.
func queueError(err error) error {
	if err == nil {
		return nil
	}
	for _, pair := range [...]struct{ engine, root error }{
		{batch.ErrQueueFull, customerio.ErrQueueFull},
		{batch.ErrClosed, customerio.ErrClosed},
	} {
		switch {
		case pair.engine == pair.root || !errors.Is(err, pair.engine) || errors.Is(err, pair.root):
		case err == pair.engine:
			return &queueAlias{msg: pair.root.Error(), errs: []error{pair.root, err}}
		default:
			return &queueAlias{msg: err.Error(), errs: []error{err, pair.root}}
		}
	}
	return err
}

// queueAlias is an engine error that also matches the root queue error it
// stands for.
type queueAlias struct {
	msg  string
	errs []error
}

func (e *queueAlias) Error() string   { return e.msg }
func (e *queueAlias) Unwrap() []error { return e.errs }

// failures converts the engine's failures; their bytes already belong to the
// receiver.
func failures(in []batch.Failure) []customerio.Failure {
	out := make([]customerio.Failure, len(in))
	for i, f := range in {
		out[i] = customerio.Failure{Seq: f.Seq, Data: f.Data, Err: queueError(f.Err)}
	}
	return out
}
