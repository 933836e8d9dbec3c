package app

import (
	"context"
	"errors"
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

func TestImportsRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name: "Start",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Imports.Start(ctx, ImportRequest{
					Name: "spring-signups", DataFileURL: "https://files.example.com/signups.csv?sig=1",
					Type: ImportPeople, Identifier: "email", DataToProcess: "only_new",
				})
			},
			exchange: exchange{
				method: http.MethodPost, path: "/v1/imports",
				body:    `{"import":{"name":"spring-signups","data_file_url":"https://files.example.com/signups.csv?sig=1","type":"people","identifier":"email","data_to_process":"only_new"}}`,
				fixture: "import_start.json",
			},
			want: &Import{
				ID: 31, Name: "spring-signups", State: ImportStatePreprocessing, Type: ImportPeople, DataToProcess: "only_new",
				CreatedAt: unix(1706081641), UpdatedAt: unix(1706081641),
			},
		},
		{
			name: "Start an object import",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Imports.Start(ctx, ImportRequest{
					Name: "account-object-import", DataFileURL: "https://files.example.com/accounts.csv",
					Type: ImportObject, ObjectTypeID: 1, Description: "importing accounts",
				})
			},
			exchange: exchange{
				method: http.MethodPost, path: "/v1/imports",
				body:    `{"import":{"name":"account-object-import","data_file_url":"https://files.example.com/accounts.csv","type":"object","object_type_id":1,"description":"importing accounts"}}`,
				fixture: "import_get.json",
			},
			want: &accountsImport,
		},
		{
			name:     "Get",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Imports.Get(ctx, 30) },
			exchange: exchange{method: http.MethodGet, path: "/v1/imports/30", fixture: "import_get.json"},
			want:     &accountsImport,
		},
	})
}

// accountsImport is the documented example of import_get.json.
var accountsImport = Import{
	ID: 30, Name: "account-object-import", Description: "importing accounts", Type: ImportObject,
	State: ImportStateImported, RowsToImport: 3, RowsImported: 3, DataToProcess: "all", PeopleToProcess: "all",
	ObjectTypeID: 1, Error: "possible error - The specified Object Type does not exist.",
	ErrorExportID: 2, ErrorDownloadURL: "https://api.customer.io/v1/exports/2/download",
	WarningExportID: 1, WarningDownloadURL: "https://api.customer.io/v1/exports/1/download",
	CreatedAt: unix(1706081641), UpdatedAt: unix(1706081645),
}

// TestStartImportIsNeverRetriedByDefault: an import answered 503 may have
// been queued, and a repeat would apply the file twice.
func TestStartImportIsNeverRetriedByDefault(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{
		method: http.MethodPost, path: "/v1/imports", status: http.StatusServiceUnavailable,
		body: `{"import":{"name":"n","data_file_url":"https://files.example.com/a.csv","type":"event","identifier":"id"}}`,
	})
	c := srv.client(customerio.WithRetry(retry.Exponential(retry.MaxAttempts(3), retry.Random(func() float64 { return 0 }))))
	_, err := c.Imports.Start(t.Context(), ImportRequest{Name: "n", DataFileURL: "https://files.example.com/a.csv", Type: ImportEvent, Identifier: "id"})
	if !errors.Is(err, customerio.ErrServerError) {
		t.Errorf("error %v, want a 503 *APIError", err)
	}
	if n := srv.calls.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestImportsValidation(t *testing.T) {
	t.Parallel()
	valid := ImportRequest{Name: "n", DataFileURL: "https://files.example.com/a.csv", Type: ImportPeople, Identifier: "id"}
	with := func(f func(*ImportRequest)) ImportRequest {
		r := valid
		f(&r)
		return r
	}
	tests := []struct {
		name  string
		field string
		req   ImportRequest
	}{
		{"blank name", "name", with(func(r *ImportRequest) { r.Name = " " })},
		{"no file", "data_file_url", with(func(r *ImportRequest) { r.DataFileURL = "" })},
		{"a file path, not a URL", "data_file_url", with(func(r *ImportRequest) { r.DataFileURL = "/tmp/a.csv" })},
		{"unknown type", "type", with(func(r *ImportRequest) { r.Type = "devices" })},
		{"no type", "type", with(func(r *ImportRequest) { r.Type = "" })},
		{"people without identifier", "identifier", with(func(r *ImportRequest) { r.Identifier = "" })},
		{"people by cio_id", "identifier", with(func(r *ImportRequest) { r.Identifier = "cio_id" })},
		{"relationship by phone", "identifier", with(func(r *ImportRequest) { r.Type, r.Identifier = ImportRelationship, "phone" })},
		{"object without object type", "object_type_id", with(func(r *ImportRequest) { r.Type, r.Identifier = ImportObject, "" })},
		{"negative object type", "object_type_id", with(func(r *ImportRequest) { r.ObjectTypeID = -1 })},
		{"unknown data_to_process", "data_to_process", with(func(r *ImportRequest) { r.DataToProcess = "some" })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			_, err := srv.client().Imports.Start(t.Context(), tt.req)
			assertValidation(t, err, tt.field)
		})
	}
	t.Run("a relationship import takes cio_id", func(t *testing.T) {
		t.Parallel()
		p := newProblems("test")
		with(func(r *ImportRequest) { r.Type, r.Identifier = ImportRelationship, "cio_id" }).prepare(p)
		if err := p.err(); err != nil {
			t.Error(err)
		}
	})
	t.Run("Get import 0", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t)
		_, err := srv.client().Imports.Get(t.Context(), 0)
		assertValidation(t, err, "import_id")
	})
}
