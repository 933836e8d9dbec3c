package customerio

// Identifiers names a person. In a request exactly one field is set; build it
// with ByID, ByEmail, ByPhone or ByCIOID. In an answer or a reporting webhook,
// every identifier Customer.io holds for the person may be filled in.
//
// Phone is accepted as an identifier by Track API v2 only; the other APIs refuse
// it before any request.
type Identifiers struct {
	ID    string `json:"id,omitempty"`
	Email string `json:"email,omitempty"`
	// Phone is an E.164 phone number.
	Phone string `json:"phone,omitempty"`
	// CIOID is the id Customer.io assigned the person (cio_id).
	CIOID string `json:"cio_id,omitempty"`
}

// ByID names a person by the id your system gave them.
func ByID(id string) Identifiers { return Identifiers{ID: id} }

// ByEmail names a person by email address.
func ByEmail(email string) Identifiers { return Identifiers{Email: email} }

// ByPhone names a person by E.164 phone number (Track API v2 only).
func ByPhone(phone string) Identifiers { return Identifiers{Phone: phone} }

// ByCIOID names a person by the id Customer.io assigned them.
func ByCIOID(cioID string) Identifiers { return Identifiers{CIOID: cioID} }

// Count is how many fields are set; a request takes exactly one.
func (i Identifiers) Count() int {
	n := 0
	for _, v := range [...]string{i.ID, i.Email, i.Phone, i.CIOID} {
		if v != "" {
			n++
		}
	}
	return n
}

// IDType says which kind of identifier a value in a path or a list of ids is.
// The zero IDType sends no id_type, and Customer.io reads the value as an id.
type IDType string

// The identifier kinds Customer.io accepts as id_type. IDTypeEmail and
// IDTypePhone work only where the workspace uses them as identifiers.
const (
	IDTypeID    IDType = "id"
	IDTypeEmail IDType = "email"
	IDTypePhone IDType = "phone"
	IDTypeCIOID IDType = "cio_id"
)
