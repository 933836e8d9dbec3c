package customeriotest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
)

// TestFailNextErrorReadsStatusOnce pins that a scripted failure shows its status
// once in the client's error, not "503 Service Unavailable: 503 Service
// Unavailable".
func TestFailNextErrorReadsStatusOnce(t *testing.T) {
	srv := customeriotest.NewServer()
	defer srv.Close()
	c, err := app.New(srv.AppKey(), srv.Option())
	if err != nil {
		t.Fatal(err)
	}
	srv.FailNext(1, http.StatusServiceUnavailable, 0)
	_, err = c.Segments.List(t.Context())
	if err == nil {
		t.Fatal("scripted 503 was not reported")
	}
	if msg := err.Error(); strings.Count(msg, "Service Unavailable") != 1 || strings.Count(msg, "503") != 1 {
		t.Errorf("error %q does not show the status exactly once", msg)
	}
}
