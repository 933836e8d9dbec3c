package track

import "github.com/gocustomerio/customerio/internal/validate"

// Identifier names a person by exactly one of their id, email address or
// Customer.io id, for calls whose body says which kind it is. Build one with
// ByID, ByEmail or ByCIOID; a value with no field or several fields set is
// rejected.
type Identifier struct {
	ID    string `json:"id,omitempty"`
	Email string `json:"email,omitempty"`
	CIOID string `json:"cio_id,omitempty"`
}

// ByID names a person by the id your system gave them.
func ByID(id string) Identifier { return Identifier{ID: id} }

// ByEmail names a person by email address.
func ByEmail(email string) Identifier { return Identifier{Email: email} }

// ByCIOID names a person by the id Customer.io gave them (the value shown as
// cio_id, without any "cio_" path prefix).
func ByCIOID(cioID string) Identifier { return Identifier{CIOID: cioID} }

// check reports an Identifier that does not set exactly one field, or sets it
// to only whitespace.
func (i Identifier) check(op, field string) error {
	set := 0
	for n, v := range [...]string{i.ID, i.Email, i.CIOID} {
		if v != "" {
			set++
			if validate.IsBlank(v) {
				return validate.Field(op, field+"."+[...]string{"id", "email", "cio_id"}[n], "must not be blank")
			}
		}
	}
	if set != 1 {
		return validate.Field(op, field, "must set exactly one of id, email or cio_id, not %d", set)
	}
	return nil
}

// IDType says which kind of identifier a list of ids holds.
type IDType string

// The identifier kinds Customer.io accepts in id lists. The zero IDType sends no
// id_type, and Customer.io reads the ids as IDTypeID.
const (
	IDTypeID    IDType = "id"
	IDTypeEmail IDType = "email"
	IDTypeCIOID IDType = "cio_id"
)

// check reports an IDType that is neither unset nor one of the known kinds.
func (t IDType) check(op, field string) error {
	switch t {
	case "", IDTypeID, IDTypeEmail, IDTypeCIOID:
		return nil
	}
	return validate.Field(op, field, "must be %q, %q or %q, not %q", IDTypeID, IDTypeEmail, IDTypeCIOID, t)
}
