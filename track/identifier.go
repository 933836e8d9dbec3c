package track

import (
	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/validate"
)

// checkPerson reports a customerio.Identifiers that Track API v1 cannot take in
// a request body: one that does not set exactly one field, sets it to only
// whitespace, or names the person by phone. Customer.io's Track v1 reference
// lists id, email and cio_id as the identifiers of a body such as
// merge_customers'; phone numbers are identifiers in Track API v2 only.
func checkPerson(op, field string, i customerio.Identifiers) error {
	if i.Phone != "" {
		return validate.Field(op, field+".phone", "Track API v1 has no phone identifier; name the person by id, email or cio_id, or use Track API v2 (trackv2)")
	}
	if n := i.Count(); n != 1 {
		return validate.Field(op, field, "must set exactly one of id, email or cio_id, not %d", n)
	}
	for _, f := range [...]struct{ name, value string }{{"id", i.ID}, {"email", i.Email}, {"cio_id", i.CIOID}} {
		if f.value != "" && validate.IsBlank(f.value) {
			return validate.Field(op, field+"."+f.name, "must not be blank")
		}
	}
	return nil
}

// checkIDType reports a customerio.IDType that Track API v1 does not accept in
// an id list: anything but unset, id, email or cio_id. Customer.io documents
// id_type of the manual-segment calls as id, email or cio_id; phone is not
// among them.
func checkIDType(op, field string, t customerio.IDType) error {
	switch t {
	case "", customerio.IDTypeID, customerio.IDTypeEmail, customerio.IDTypeCIOID:
		return nil
	case customerio.IDTypePhone:
		return validate.Field(op, field, "Track API v1 does not take %q ids; use %q, %q or %q", t, customerio.IDTypeID, customerio.IDTypeEmail, customerio.IDTypeCIOID)
	}
	return validate.Field(op, field, "must be %q, %q or %q, not %q", customerio.IDTypeID, customerio.IDTypeEmail, customerio.IDTypeCIOID, t)
}
