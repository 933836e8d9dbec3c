package app

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrExportFailed is returned by Wait when Customer.io reports that an export
// failed. The error names the export; match it with errors.Is and read the
// export itself from an *ExportFailedError with errors.As.
var ErrExportFailed = errors.New("customerio: the export failed")

// errNoURL is a download answer without its link.
var errNoURL = errors.New(`no "url" in the answer`)

// ExportFailedError is the error of Wait for an export Customer.io marked
// failed. It matches ErrExportFailed.
type ExportFailedError struct {
	// Export is the export as last read.
	Export Export
}

func (e *ExportFailedError) Error() string {
	msg := fmt.Sprintf("customerio: export %d failed", e.Export.ID)
	if e.Export.Description != "" {
		msg += " (" + e.Export.Description + ")"
	}
	return msg
}

// Is makes errors.Is(err, ErrExportFailed) true.
func (e *ExportFailedError) Is(target error) bool { return target == ErrExportFailed }

// Default polling of Wait.
const (
	DefaultExportPollInterval    = 2 * time.Second
	DefaultExportMaxPollInterval = 30 * time.Second
)

// ExportWaitOptions paces Wait's status checks.
type ExportWaitOptions struct {
	// PollInterval is the pause after the first check that finds the export
	// pending; each further pause doubles, up to MaxPollInterval. Zero means
	// DefaultExportPollInterval.
	PollInterval time.Duration
	// MaxPollInterval caps the pause between checks. Zero means
	// DefaultExportMaxPollInterval (or PollInterval, when that is longer).
	MaxPollInterval time.Duration
}

// Wait follows an export until its file is ready and returns the file's
// signed download link, valid for 15 minutes. It reads the export (GET
// /v1/exports/{export_id}) at once and, while it is pending, again after a
// pause that starts at opts.PollInterval and doubles up to
// opts.MaxPollInterval; once it is done it asks for the link (GET
// /v1/exports/{export_id}/download). A status other than done or failed is
// taken as still running.
//
// A failed export ends the wait with an *ExportFailedError (matching
// ErrExportFailed); an error reading the export ends it with that error; and
// ctx ends it with ctx.Err() as soon as ctx is done, also mid-pause. Each read
// is retried by the client's retry strategy like any GET, so Wait itself never
// repeats a failed request. Start an export with CreateCustomersExport or
// CreateDeliveriesExport and pass its ID. A negative interval, or an export id
// below 1, is a *customerio.ValidationError.
func (s *ExportsService) Wait(ctx context.Context, exportID int, opts ExportWaitOptions) (string, error) {
	p := newProblems("app.Exports.Wait")
	p.id("export_id", exportID)
	if opts.PollInterval < 0 {
		p.add("PollInterval", "must not be negative, got %s", opts.PollInterval)
	}
	if opts.MaxPollInterval < 0 {
		p.add("MaxPollInterval", "must not be negative, got %s", opts.MaxPollInterval)
	}
	if err := p.err(); err != nil {
		return "", err
	}
	pause := opts.PollInterval
	if pause == 0 {
		pause = DefaultExportPollInterval
	}
	ceiling := opts.MaxPollInterval
	if ceiling == 0 {
		ceiling = max(DefaultExportMaxPollInterval, pause)
	}
	pause = min(pause, ceiling)
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		e, err := s.Get(ctx, exportID)
		if err != nil {
			return "", err
		}
		switch {
		case e.Failed || e.Status == ExportStatusFailed:
			return "", &ExportFailedError{Export: *e}
		case e.Status == ExportStatusDone:
			return s.GetDownloadURL(ctx, exportID)
		}
		if timer == nil {
			timer = time.NewTimer(pause)
		} else {
			timer.Reset(pause)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-timer.C:
		}
		pause = min(2*pause, ceiling)
	}
}
