package app

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// ImportsService starts bulk imports of people, events, objects or
// relationships from a CSV file Customer.io downloads, and reports how far
// each got. An import id below 1 is a *customerio.ValidationError and nothing
// is sent.
type ImportsService struct{ api *transport.Client }

// The kinds of rows an import holds, for ImportRequest.Type.
const (
	ImportPeople       = "people"
	ImportEvent        = "event"
	ImportObject       = "object"
	ImportRelationship = "relationship"
)

// The states of an Import, in the order an import goes through them; it ends
// in ImportStateImported, ImportStateFailed or ImportStateCanceled.
const (
	ImportStatePreprocessing = "preprocessing"
	ImportStatePreprocessed  = "preprocessed"
	ImportStateValidating    = "validating"
	ImportStateValidated     = "validated"
	ImportStateImporting     = "importing"
	ImportStateImported      = "imported"
	ImportStateFailed        = "failed"
	ImportStateCanceled      = "canceled"
)

// ImportRequest describes one CSV import.
type ImportRequest struct {
	// Name names the import in Customer.io; required.
	Name string `json:"name"`
	// DataFileURL is the public http(s) URL of the CSV file; required. Host it
	// on a short-lived URL: the file holds your people's data.
	DataFileURL string `json:"data_file_url"`
	// Type is ImportPeople, ImportEvent, ImportObject or ImportRelationship;
	// required.
	Type string `json:"type"`
	// Identifier names the CSV column that identifies each person: "id" or
	// "email" for people and events, also "cio_id" for relationships; required
	// except for object imports.
	Identifier string `json:"identifier,omitempty"`
	// ObjectTypeID is the object type of an object or relationship import;
	// required for object imports.
	ObjectTypeID int `json:"object_type_id,omitempty"`
	// DataToProcess picks the rows to apply: "all" (Customer.io's default),
	// "only_new" or "only_existing".
	DataToProcess string `json:"data_to_process,omitempty"`
	// Description is sent only when set.
	Description string `json:"description,omitempty"`
}

// prepare checks r.
func (r ImportRequest) prepare(p *problems) {
	p.blank("name", r.Name)
	p.httpURL("data_file_url", r.DataFileURL)
	identifiers := []string{"id", "email"}
	switch r.Type {
	case ImportPeople, ImportEvent:
	case ImportRelationship:
		identifiers = append(identifiers, "cio_id")
	case ImportObject:
		identifiers = nil
		p.id("object_type_id", r.ObjectTypeID)
	default:
		p.add("type", "must be one of: people event object relationship")
	}
	switch {
	case r.Type == ImportObject:
	case r.Identifier == "":
		p.add("identifier", "is required for a %s import", r.Type)
	case !slices.Contains(identifiers, r.Identifier):
		p.add("identifier", "must be one of %v for a %s import, not %q", identifiers, r.Type, r.Identifier)
	}
	if r.ObjectTypeID < 0 {
		p.add("object_type_id", "must be a positive id, not %d", r.ObjectTypeID)
	}
	if r.DataToProcess != "" && !slices.Contains([]string{"all", "only_new", "only_existing"}, r.DataToProcess) {
		p.add("data_to_process", "must be one of: all only_new only_existing")
	}
}

// Import is the state of one import.
type Import struct {
	ID          int    `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Type is ImportPeople, ImportEvent, ImportObject or ImportRelationship.
	Type string `json:"type"`
	// State is one of the ImportState… constants.
	State string `json:"state"`
	// RowsToImport and RowsImported count the CSV's rows and those applied.
	RowsToImport    int    `json:"rows_to_import"`
	RowsImported    int    `json:"rows_imported"`
	DataToProcess   string `json:"data_to_process"`
	PeopleToProcess string `json:"people_to_process"`
	ObjectTypeID    int    `json:"object_type_id"`
	// Error says why the import failed, if it did.
	Error string `json:"error"`
	// ErrorExportID and WarningExportID are exports (see ExportsService)
	// listing the rows that failed or drew warnings; their download URLs are
	// the App API routes that hand out the files' links.
	ErrorExportID      int       `json:"error_export_id"`
	ErrorDownloadURL   string    `json:"error_download_url"`
	WarningExportID    int       `json:"warning_export_id"`
	WarningDownloadURL string    `json:"warning_download_url"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// UnmarshalJSON reads created_at and updated_at as Unix seconds.
func (i *Import) UnmarshalJSON(b []byte) error {
	type fields Import
	var w struct {
		fields
		CreatedAt unixTime `json:"created_at"`
		UpdatedAt unixTime `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*i = Import(w.fields)
	i.CreatedAt = time.Time(w.CreatedAt)
	i.UpdatedAt = time.Time(w.UpdatedAt)
	return nil
}

// Start queues an import of the CSV at req.DataFileURL (POST /v1/imports,
// body {"import": {…}}) and returns it; Customer.io checks the request, then
// processes the file in stages, so follow it with Get. A blank name, a
// data_file_url that is not an http(s) URL, an unknown type, identifier or
// data_to_process, or an object import without object_type_id is a
// *customerio.ValidationError.
//
// Starting an import is not idempotent: a repeat applies the file again, so
// retry strategies repeat it only when Customer.io cannot have acted on it.
func (s *ImportsService) Start(ctx context.Context, req ImportRequest) (*Import, error) {
	p := newProblems("app.Imports.Start")
	req.prepare(p)
	body := struct {
		Import ImportRequest `json:"import"`
	}{req}
	imp, err := fetch[Import](ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: "/v1/imports", Body: body}, "import")
	if err != nil {
		return nil, err
	}
	return &imp, nil
}

// Get returns the state of one import (GET /v1/imports/{import_id}).
func (s *ImportsService) Get(ctx context.Context, importID int) (*Import, error) {
	p := newProblems("app.Imports.Get")
	p.id("import_id", importID)
	path := transport.Path("/v1/imports", strconv.Itoa(importID))
	imp, err := fetch[Import](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path}, "import")
	if err != nil {
		return nil, err
	}
	return &imp, nil
}
