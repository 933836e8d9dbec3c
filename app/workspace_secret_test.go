package app

import (
	"errors"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestWithWorkspaceIDErrorDoesNotEchoTheValue pins that a rejected workspace id,
// which may be a credential pasted into the wrong option, is not quoted in the
// error.
func TestWithWorkspaceIDErrorDoesNotEchoTheValue(t *testing.T) {
	const secret = "sa_live_secret123"
	_, err := New(testKey, WithWorkspaceID(secret))
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *customerio.ValidationError", err)
	}
	if msg := err.Error(); strings.Contains(msg, "secret123") || !strings.Contains(msg, "WorkspaceID") {
		t.Errorf("error %q echoes the value or does not name WorkspaceID", msg)
	}
}
