package trackv2

import customerio "github.com/gocustomerio/customerio"
import "testing"

// TestWhitespaceOnlyIdentifierIsBlank pins that an identifier of only spaces or
// tabs is refused before any request, naming the field.
func TestWhitespaceOnlyIdentifierIsBlank(t *testing.T) {
	c := newUnreachableClient(t)
	tests := []struct {
		name, field string
		op          Op
	}{
		{"person id", "id", IdentifyPerson(customerio.ByID("  "), nil)},
		{"person email", "email", IdentifyPerson(customerio.ByEmail("\t"), nil)},
		{"object id", "object_id", IdentifyObject(customerio.ObjectByID("1", " "), nil)},
		{"cio object id", "cio_object_id", IdentifyObject(customerio.ObjectByCIOID(" \t "), nil)},
		{"delivery id", "id", TrackDeliveryEvent(DeliveryID("  "), customerio.MetricOpened, "", nil)},
	}
	for _, tt := range tests {
		fields := validationFields(t, c.Send(t.Context(), tt.op), "trackv2.Send")
		if len(fields) != 1 || fields[0].Field != "identifiers."+tt.field || fields[0].Message != "must not be blank" {
			t.Errorf("%s: fields %+v, want one naming %q as blank", tt.name, fields, tt.field)
		}
	}
}
