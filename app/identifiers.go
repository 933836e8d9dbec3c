package app

import "github.com/gocustomerio/customerio/internal/validate"

// Identifiers names a person by their id, email address or Customer.io id
// (cio_id). In a request exactly one field is set (build it with ByID, ByEmail or
// ByCIOID); in a response, every identifier Customer.io holds for the person is
// filled in.
type Identifiers struct {
	ID    string `json:"id,omitempty"`
	Email string `json:"email,omitempty"`
	CIOID string `json:"cio_id,omitempty"`
}

// ByID names a person by the id your system gave them.
func ByID(id string) Identifiers { return Identifiers{ID: id} }

// ByEmail names a person by email address.
func ByEmail(email string) Identifiers { return Identifiers{Email: email} }

// ByCIOID names a person by the id Customer.io gave them.
func ByCIOID(cioID string) Identifiers { return Identifiers{CIOID: cioID} }

// count is how many identifiers are set.
func (i Identifiers) count() int {
	n := 0
	for _, v := range [...]string{i.ID, i.Email, i.CIOID} {
		if v != "" {
			n++
		}
	}
	return n
}

// check records an Identifiers that sets several fields, or none when required
// (the zero Identifiers is otherwise left out of the request), or sets one to
// only whitespace.
func (i Identifiers) check(p *problems, required bool) {
	const field = "identifiers"
	for n, v := range [...]string{i.ID, i.Email, i.CIOID} {
		if v != "" && validate.IsBlank(v) {
			p.add(field+"."+[...]string{"id", "email", "cio_id"}[n], "must not be blank")
		}
	}
	switch n := i.count(); {
	case n > 1:
		p.add(field, "must set exactly one of id, email or cio_id, not %d", n)
	case n == 0 && required:
		p.add(field, "must set exactly one of id, email or cio_id")
	}
}

// IDType says which kind of identifier a customer_id in a path (or a list of ids)
// is. The zero IDType sends no id_type, and Customer.io reads the value as an id.
type IDType string

// The identifier kinds Customer.io accepts as id_type. IDTypeEmail and IDTypePhone
// work only when the workspace uses them as identifiers (otherwise Customer.io
// answers 400); a phone number is in E.164 form, and a cio_id carries its "cio_"
// prefix.
const (
	IDTypeID    IDType = "id"
	IDTypeEmail IDType = "email"
	IDTypePhone IDType = "phone"
	IDTypeCIOID IDType = "cio_id"
)

// query records an unknown IDType, and adds a set one to q as id_type.
func (t IDType) query(p *problems, q params) {
	switch t {
	case "", IDTypeID, IDTypeEmail, IDTypePhone, IDTypeCIOID:
		q.str("id_type", string(t))
	default:
		p.add("id_type", "must be %q, %q, %q or %q, not %q", IDTypeID, IDTypeEmail, IDTypePhone, IDTypeCIOID, string(t))
	}
}
