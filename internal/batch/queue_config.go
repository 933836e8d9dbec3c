package batch

import (
	"context"
	"errors"
	"log/slog"
	"strconv"

	customerio "github.com/gocustomerio/customerio"
)

// NewQueue starts the engine behind a public queue (trackv2.Batcher, the
// pipelines client) configured with a customerio.QueueConfig, so both read
// every field the same way. envelope is the fixed part of the queue's batch
// body. Problems are one *customerio.ValidationError for op, its fields named
// as QueueConfig names them, after prefix ("" or "QueueConfig."); nothing is
// started when there are any.
func NewQueue(op, prefix string, q customerio.QueueConfig, envelope int,
	send func(ctx context.Context, items [][]byte) error, logger *slog.Logger) (*Engine, error) {
	cfg := Config{
		Op:              op,
		MaxItems:        q.MaxBatchItems,
		MaxBatchBytes:   q.MaxBatchBytes,
		EnvelopeBytes:   envelope,
		FlushInterval:   q.FlushInterval,
		Uploaders:       q.Uploaders,
		MaxInFlight:     q.MaxInFlight,
		MaxQueueBytes:   q.MaxQueueBytes,
		OnFull:          q.OnFull,
		MaxRetryElapsed: q.MaxRetryElapsed,
		RetryBaseDelay:  q.RetryBaseDelay,
		RetryMaxDelay:   q.RetryMaxDelay,
		OnFailure:       q.OnFailure,
		SpoolDir:        q.SpoolDir,
		MaxSpoolBytes:   q.MaxSpoolBytes,
		SpoolSync:       q.SpoolSync,
		Send:            send,
		Logger:          logger,
	}
	var problems []customerio.FieldError
	// Every item a queue accepts, up to customerio.MaxEntityBytes, must fit in
	// a batch alone.
	smallest := customerio.MaxEntityBytes + envelope
	if q.MaxBatchBytes != 0 && (q.MaxBatchBytes < smallest || q.MaxBatchBytes > customerio.MaxBatchBytes) {
		problems = append(problems, customerio.FieldError{Field: prefix + "MaxBatchBytes",
			Message: "must be between " + strconv.Itoa(smallest) + " and " + strconv.Itoa(customerio.MaxBatchBytes)})
		cfg.MaxBatchBytes = 0 // so that the other fields are still checked
	}
	var ve *customerio.ValidationError
	if _, err := cfg.withDefaults(); errors.As(err, &ve) {
		for _, f := range ve.Fields {
			if name, ok := queueFields[f.Field]; ok {
				f.Field = name
			}
			f.Field = prefix + f.Field
			problems = append(problems, f)
		}
	} else if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, &customerio.ValidationError{Op: op, Fields: problems}
	}
	return New(cfg)
}

// queueFields maps the engine's field names to customerio.QueueConfig's,
// where they differ.
var queueFields = map[string]string{"MaxItems": "MaxBatchItems", "EnvelopeBytes": "MaxBatchBytes"}
