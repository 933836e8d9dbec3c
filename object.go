package customerio

// Object names an object (a company, an account, a course…): either by its
// object type id and your id for it, or by the id Customer.io assigned it. Build
// one with ObjectByID or ObjectByCIOID.
type Object struct {
	// TypeID is the object type's integer id, starting at 1, written as a
	// string ("1").
	TypeID string `json:"object_type_id,omitempty"`
	// ID is your id for the object, unique within its type.
	ID string `json:"object_id,omitempty"`
	// CIOObjectID is the id Customer.io assigned the object; it replaces TypeID
	// and ID, and only ever names an object that exists.
	CIOObjectID string `json:"cio_object_id,omitempty"`
}

// ObjectByID names an object by its type id ("1", "2", …) and your id for it.
func ObjectByID(typeID, id string) Object { return Object{TypeID: typeID, ID: id} }

// ObjectByCIOID names an existing object by the id Customer.io assigned it.
func ObjectByCIOID(cioObjectID string) Object { return Object{CIOObjectID: cioObjectID} }
