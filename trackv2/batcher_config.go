package trackv2

import (
	"errors"
	"strconv"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch"
)

// batcherOp names NewBatcher in validation errors.
const batcherOp = "trackv2.NewBatcher"

// engineConfig returns the engine configuration for cfg, without Send and
// Logger, and the problems of the fields the engine does not check itself. A
// refused field is left to its default in the result, so that the engine can
// still check the others.
func engineConfig(cfg customerio.QueueConfig) (batch.Config, []customerio.FieldError) {
	ec := batch.Config{
		Op:              batcherOp,
		MaxItems:        cfg.MaxBatchItems,
		MaxBatchBytes:   cfg.MaxBatchBytes,
		EnvelopeBytes:   len(batchOpen) + len(batchClose),
		FlushInterval:   cfg.FlushInterval,
		Uploaders:       cfg.Uploaders,
		MaxInFlight:     cfg.MaxInFlight,
		MaxQueueBytes:   cfg.MaxQueueBytes,
		MaxRetryElapsed: cfg.MaxRetryElapsed,
		RetryBaseDelay:  cfg.RetryBaseDelay,
		RetryMaxDelay:   cfg.RetryMaxDelay,
		OnFull:          cfg.OnFull,
		OnFailure:       cfg.OnFailure,
	}
	var problems []customerio.FieldError
	// Every op Enqueue accepts must fit in a batch alone.
	const smallest = customerio.MaxEntityBytes + len(batchOpen) + len(batchClose)
	if cfg.MaxBatchBytes != 0 && (cfg.MaxBatchBytes < smallest || cfg.MaxBatchBytes > customerio.MaxBatchBytes) {
		problems = append(problems, customerio.FieldError{Field: "MaxBatchBytes",
			Message: "must be between " + strconv.Itoa(smallest) + " and " + strconv.Itoa(customerio.MaxBatchBytes)})
		ec.MaxBatchBytes = 0
	}
	return ec, problems
}

// engineFields maps the names the engine gives fields in its validation
// errors to customerio.QueueConfig's, where they differ.
var engineFields = map[string]string{"MaxItems": "MaxBatchItems"}

// configError merges the problems engineConfig found with those of the
// engine's error, named after customerio.QueueConfig's fields; nil when
// there are none.
func configError(problems []customerio.FieldError, engineErr error) error {
	var ve *customerio.ValidationError
	if errors.As(engineErr, &ve) {
		for _, f := range ve.Fields {
			if name, ok := engineFields[f.Field]; ok {
				f.Field = name
			}
			problems = append(problems, f)
		}
	} else if engineErr != nil {
		return engineErr
	}
	if len(problems) == 0 {
		return nil
	}
	return &customerio.ValidationError{Op: batcherOp, Fields: problems}
}
