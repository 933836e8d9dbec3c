package customeriotest

import (
	"net/http"
	"testing"
)

// TestDataIndexAnswers pins 204 for a good update and Customer.io's 422 for
// an empty list or a privacy level other than 0 or 1.
func TestDataIndexAnswers(t *testing.T) {
	srv := newTestServer(t)
	srv.mustDo(t, http.StatusNoContent, app(http.MethodPost, "/v1/data_index/events", `{"events":[{"name":"login"}]}`))
	srv.mustDo(t, http.StatusNoContent, app(http.MethodPost, "/v1/data_index/attributes", `{"attributes":[{"name":"ssn","privacy_level":1}]}`))
	srv.mustDo(t, http.StatusUnprocessableEntity, app(http.MethodPost, "/v1/data_index/attributes", `{"attributes":[]}`))
	srv.mustDo(t, http.StatusUnprocessableEntity, app(http.MethodPost, "/v1/data_index/attributes", `{"attributes":[{"name":"a","privacy_level":2}]}`))
}
