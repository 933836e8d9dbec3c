package track

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestRegionMalformedAnswerIsADecodeError pins that a 200 whose body is not the
// documented JSON is a *customerio.DecodeError, the type every client uses,
// where it was once an untyped wrapped encoding/json error.
func TestRegionMalformedAnswerIsADecodeError(t *testing.T) {
	rec := newRecorder(t, status(http.StatusOK, "<html>gateway</html>"))
	_, err := rec.client(t).Region(t.Context())
	var de *customerio.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a *customerio.DecodeError", err)
	}
	if de.Op != "track.Region" || de.Method != http.MethodGet || !strings.HasSuffix(de.URL, "/api/v1/accounts/region") ||
		de.StatusCode != http.StatusOK || string(de.Body) != "<html>gateway</html>" || de.Err == nil {
		t.Errorf("%+v", de)
	}
	if customerio.IsRetryable(err) {
		t.Error("an undecodable answer is retryable")
	}
}
