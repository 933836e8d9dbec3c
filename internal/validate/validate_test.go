package validate

import (
	"errors"
	"strings"
	"testing"

	"go.uber.org/goleak"

	customerio "github.com/gocustomerio/customerio"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type identifiers struct {
	ID    string `json:"id,omitempty" validate:"required_without_all=Email"`
	Email string `json:"email,omitempty" validate:"omitempty,email"`
}

type request struct {
	Name        string      `json:"name" validate:"required"`
	Platform    string      `json:"platform" validate:"oneof=ios android"`
	Identifiers identifiers `json:"identifiers"`
	Tags        []string    `json:"tags" validate:"max=2"`
	Ignored     string      `json:"-" validate:"required"`
}

func TestStructNamesFieldsInJSONTerms(t *testing.T) {
	err := Struct("op.Do", request{Platform: "web", Identifiers: identifiers{Email: "nope"}, Tags: []string{"a", "b", "c"}})
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || ve.Op != "op.Do" {
		t.Fatalf("err = %v", err)
	}
	want := map[string]string{
		"name":              "is required",
		"platform":          "must be one of: ios android",
		"identifiers.email": "must be an email address",
		"tags":              "must have at most 2 entries",
		"Ignored":           "is required",
	}
	got := map[string]string{}
	for _, f := range ve.Fields {
		got[f.Field] = f.Message
	}
	for field, msg := range want {
		if got[field] != msg {
			t.Errorf("field %q: %q, want %q (all: %v)", field, got[field], msg, got)
		}
	}
	if err := Struct("op", request{Name: "n", Platform: "ios", Identifiers: identifiers{ID: "1"}, Ignored: "x"}); err != nil {
		t.Errorf("valid request: %v", err)
	}
}

func TestBlank(t *testing.T) {
	if err := Blank("track.Delete", "id", ""); err == nil || err.Error() != "customerio: track.Delete: invalid input: id: must not be blank" {
		t.Errorf("Blank(\"\") = %v", err)
	}
	for _, ok := range []string{"0", "x", " x "} {
		if err := Blank("op", "id", ok); err != nil {
			t.Errorf("Blank(%q) = %v", ok, err)
		}
	}
}

// TestBlankRejectsWhitespaceOnlyValues pins that an id of only spaces, tabs or
// newlines is blank, both as an argument and under the notblank tag.
func TestBlankRejectsWhitespaceOnlyValues(t *testing.T) {
	for _, blank := range []string{"", " ", "\t", " \t\n "} {
		if err := Blank("op", "id", blank); err == nil {
			t.Errorf("Blank(%q) = nil", blank)
		}
		v := struct {
			ID string `json:"id" validate:"notblank"`
		}{blank}
		if err := Struct("op", v); err == nil || !strings.Contains(err.Error(), "id: must not be blank") {
			t.Errorf("notblank on %q: %v", blank, err)
		}
	}
}
