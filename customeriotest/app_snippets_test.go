package customeriotest

import (
	"net/http"
	"reflect"
	"testing"
)

// TestSnippetUpsertSemantics pins POST as create-only (422 for a taken name)
// and PUT as create-or-replace.
func TestSnippetUpsertSemantics(t *testing.T) {
	srv := newTestServer(t)
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/snippets", `{"name":"footer","value":" Bye "}`))
	srv.mustDo(t, http.StatusUnprocessableEntity, app(http.MethodPost, "/v1/snippets", `{"name":"footer","value":"Again"}`))
	srv.mustDo(t, http.StatusOK, app(http.MethodPut, "/v1/snippets", `{"name":"footer","value":"Later"}`))
	srv.mustDo(t, http.StatusOK, app(http.MethodPut, "/v1/snippets", `{"name":"a/b","value":"New"}`))
	if got, want := srv.Snippets(), []Snippet{{"a/b", "New"}, {"footer", "Later"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("snippets %v, want %v", got, want)
	}
	srv.mustDo(t, http.StatusNoContent, app(http.MethodDelete, "/v1/snippets/a%2Fb", nil))
	srv.mustDo(t, http.StatusNotFound, app(http.MethodDelete, "/v1/snippets/a%2Fb", nil))
	srv.mustDo(t, http.StatusUnprocessableEntity, app(http.MethodPut, "/v1/snippets", `{"name":"x","value":"  "}`))
}
