package app

import (
	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/validate"
)

// checkIdentifiers records a customerio.Identifiers that sets several fields,
// or none when required (the zero Identifiers is otherwise left out of the
// request), or sets one to only whitespace. Phone is refused: the transactional
// routes name a person by id, email or cio_id only
// (as Customer.io documents the transactional identifiers), so a phone number
// would be dropped or refused by Customer.io after the request was made.
func checkIdentifiers(p *problems, i customerio.Identifiers, required bool) {
	const field = "identifiers"
	names := [...]string{"id", "email", "phone", "cio_id"}
	for n, v := range [...]string{i.ID, i.Email, i.Phone, i.CIOID} {
		if v != "" && validate.IsBlank(v) {
			p.add(field+"."+names[n], "must not be blank")
		}
	}
	if i.Phone != "" {
		p.add(field+".phone", "is not accepted by the App API; name the person by id, email or cio_id")
	}
	switch n := i.Count(); {
	case n > 1:
		p.add(field, "must set exactly one of id, email or cio_id, not %d", n)
	case n == 0 && required:
		p.add(field, "must set exactly one of id, email or cio_id")
	}
}

// idTypeQuery records an unknown customerio.IDType, and adds a set one to q as
// id_type. The App API takes all four kinds in paths and id lists; email and
// phone work only when the workspace uses them as identifiers (otherwise
// Customer.io answers 400), a phone number is in E.164 form, and a cio_id
// carries its "cio_" prefix.
func idTypeQuery(p *problems, q params, t customerio.IDType) {
	switch t {
	case "", customerio.IDTypeID, customerio.IDTypeEmail, customerio.IDTypePhone, customerio.IDTypeCIOID:
		q.str("id_type", string(t))
	default:
		p.add("id_type", "must be %q, %q, %q or %q, not %q",
			customerio.IDTypeID, customerio.IDTypeEmail, customerio.IDTypePhone, customerio.IDTypeCIOID, string(t))
	}
}
