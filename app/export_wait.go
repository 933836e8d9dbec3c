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

// The pacing of Wait's checks when PollOptions leaves it open.
const (
	exportPollInterval    = 2 * time.Second
	exportMaxPollInterval = 30 * time.Second
)

// Wait follows an export until its file is ready and returns the file's
// signed download link, valid for 15 minutes. It reads the export (GET
// /v1/exports/{export_id}) at once and, while it is pending, again after a
// pause that starts at opts.Interval (default 2 s) and doubles up to
// opts.MaxInterval (default 30 s); once it is done it asks for the link (GET
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
func (s *ExportsService) Wait(ctx context.Context, exportID int, opts PollOptions) (string, error) {
	p := newProblems("app.Exports.Wait")
	p.id("export_id", exportID)
	opts.check(p)
	if err := p.err(); err != nil {
		return "", err
	}
	err := opts.poll(ctx, exportPollInterval, exportMaxPollInterval, func() (bool, error) {
		e, err := s.Get(ctx, exportID)
		switch {
		case err != nil:
			return false, err
		case e.Failed || e.Status == ExportStatusFailed:
			return false, &ExportFailedError{Export: *e}
		}
		return e.Status == ExportStatusDone, nil
	})
	if err != nil {
		return "", err
	}
	return s.GetDownloadURL(ctx, exportID)
}
