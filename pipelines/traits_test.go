package pipelines_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/gocustomerio/customerio/pipelines"
)

func TestBuilders(t *testing.T) {
	var nilTraits pipelines.Traits
	var nilProps pipelines.Properties
	var nilIntegrations pipelines.Integrations
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"traits", pipelines.Traits{}.SetEmail("a@example.com").SetName("Ada L").SetFirstName("Ada").SetLastName("L").
			SetPhone("+1555").SetCreatedAt(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)).Set("plan", "pro"),
			`{"createdAt":"2024-01-02T03:04:05Z","email":"a@example.com","firstName":"Ada","lastName":"L","name":"Ada L","phone":"+1555","plan":"pro"}`},
		{"nil traits", nilTraits.SetEmail("a@example.com"), `{"email":"a@example.com"}`},
		{"properties", pipelines.Properties{}.Set("total", 39.5).Set("currency", "EUR"), `{"currency":"EUR","total":39.5}`},
		{"nil properties", nilProps.Set("k", 1), `{"k":1}`},
		{"integrations", pipelines.Integrations{}.Disable(pipelines.AllDestinations).Enable("Customer.io"), `{"All":false,"Customer.io":true}`},
		{"nil integrations", nilIntegrations.Enable("Customer.io", "Mixpanel"), `{"Customer.io":true,"Mixpanel":true}`},
		{"integrations literal", pipelines.Integrations{"All": false, "Customer.io": true, "Amplitude": map[string]any{"session_id": 7}},
			`{"All":false,"Amplitude":{"session_id":7},"Customer.io":true}`},
	}
	for _, tc := range tests {
		got, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}
