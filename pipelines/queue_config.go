package pipelines

import (
	"errors"
	"strconv"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/batch"
)

// newOp names New in validation errors.
const newOp = "pipelines.New"

// queueConfig returns the engine configuration for cfg, without Send,
// OnFailure and Logger, and the problems of the fields the engine does not
// check itself. A refused field is left to its default in the result, so that
// the engine can still check the others.
func queueConfig(cfg customerio.QueueConfig, envelopeBytes int) (batch.Config, []customerio.FieldError) {
	ec := batch.Config{
		Op:              newOp,
		MaxItems:        cfg.MaxBatchItems,
		MaxBatchBytes:   cfg.MaxBatchBytes,
		EnvelopeBytes:   envelopeBytes,
		FlushInterval:   cfg.FlushInterval,
		Uploaders:       cfg.Uploaders,
		MaxInFlight:     cfg.MaxInFlight,
		MaxQueueBytes:   cfg.MaxQueueBytes,
		MaxRetryElapsed: cfg.MaxRetryElapsed,
		RetryBaseDelay:  cfg.RetryBaseDelay,
		RetryMaxDelay:   cfg.RetryMaxDelay,
	}
	var problems []customerio.FieldError
	// Every message a queueing call accepts must fit in a batch alone.
	smallest := customerio.MaxEntityBytes + envelopeBytes
	if cfg.MaxBatchBytes != 0 && (cfg.MaxBatchBytes < smallest || cfg.MaxBatchBytes > customerio.MaxBatchBytes) {
		problems = append(problems, customerio.FieldError{Field: "QueueConfig.MaxBatchBytes",
			Message: "must be between " + strconv.Itoa(smallest) + " and " + strconv.Itoa(customerio.MaxBatchBytes)})
		ec.MaxBatchBytes = 0
	}
	switch cfg.OnFull {
	case customerio.Block:
		ec.OnFull = batch.Block
	case customerio.Drop:
		ec.OnFull = batch.Drop
	default:
		problems = append(problems, customerio.FieldError{Field: "QueueConfig.OnFull", Message: "must be customerio.Block or customerio.Drop"})
	}
	return ec, problems
}

// queueConfigError merges the problems queueConfig found with those of the
// engine's error, named after QueueConfig's fields; nil when there are none.
func queueConfigError(problems []customerio.FieldError, engineErr error) error {
	var ve *customerio.ValidationError
	if errors.As(engineErr, &ve) {
		for _, f := range ve.Fields {
			switch f.Field {
			case "MaxItems":
				f.Field = "MaxBatchItems"
			case "EnvelopeBytes":
				f.Field = "MaxBatchBytes"
			}
			f.Field = "QueueConfig." + f.Field
			problems = append(problems, f)
		}
	} else if engineErr != nil {
		return engineErr
	}
	if len(problems) == 0 {
		return nil
	}
	return &customerio.ValidationError{Op: newOp, Fields: problems}
}
