package trackv2

// Identifiers names the entity an operation acts on, or the other side of a
// relationship. It is one of Person, Object, Delivery or AnonymousPerson; the
// operation's type decides which one fits (see Op).
type Identifiers interface {
	// kind is unexported so that only this package's identifier types exist.
	kind() identKind
}

// identKind tells the identifier types apart without reflection.
type identKind uint8

const (
	kindPerson identKind = 1 << iota
	kindObject
	kindDelivery
	kindAnonymous
)

func (k identKind) String() string {
	switch k {
	case kindPerson:
		return "a Person"
	case kindObject:
		return "an Object"
	case kindDelivery:
		return "a Delivery"
	case kindAnonymous:
		return "an AnonymousPerson"
	}
	return "a Person or an AnonymousPerson"
}

// Person identifies a person by exactly one of their id, email address, phone
// number or Customer.io id (cio_id). Customer.io looks the person up by that value;
// identify creates the person when none matches. Build one with PersonID,
// PersonEmail, PersonPhone or PersonCIOID.
//
// A person merge (MergePersons) accepts only ID, Email or CIOID.
type Person struct {
	ID    string `json:"id,omitempty"`
	Email string `json:"email,omitempty"`
	// Phone is an E.164 phone number; Track v2 is the only API that accepts it as
	// an identifier.
	Phone string `json:"phone,omitempty"`
	CIOID string `json:"cio_id,omitempty"`
}

// PersonID identifies a person by the id your system gives them.
func PersonID(id string) Person { return Person{ID: id} }

// PersonEmail identifies a person by email address.
func PersonEmail(email string) Person { return Person{Email: email} }

// PersonPhone identifies a person by E.164 phone number.
func PersonPhone(phone string) Person { return Person{Phone: phone} }

// PersonCIOID identifies a person by the id Customer.io assigned them.
func PersonCIOID(cioID string) Person { return Person{CIOID: cioID} }

func (Person) kind() identKind { return kindPerson }

// Object identifies an object (a company, an account, a course…) either by its
// object type id and your object id, which identify creates when missing, or by
// Customer.io's object id, which only ever updates an existing object. Build one
// with ObjectID or ObjectCIOID.
type Object struct {
	// TypeID is the object type's integer id, starting at 1, written as a
	// string ("1").
	TypeID string `json:"object_type_id,omitempty"`
	// ID is your id for the object, unique within its type.
	ID string `json:"object_id,omitempty"`
	// CIOObjectID is the id Customer.io assigned the object; it replaces TypeID
	// and ID.
	CIOObjectID string `json:"cio_object_id,omitempty"`
}

// ObjectID identifies an object by its type id ("1", "2", …) and your id for it.
func ObjectID(typeID, id string) Object { return Object{TypeID: typeID, ID: id} }

// ObjectCIOID identifies an existing object by the id Customer.io assigned it.
func ObjectCIOID(cioObjectID string) Object { return Object{CIOObjectID: cioObjectID} }

func (Object) kind() identKind { return kindObject }

// Delivery identifies one message Customer.io sent, by the delivery id it carried
// (for a push, the CIO-Delivery-ID in the payload).
type Delivery struct {
	ID string `json:"id" validate:"required,notblank"`
}

// DeliveryID identifies a delivery by its id.
func DeliveryID(id string) Delivery { return Delivery{ID: id} }

func (Delivery) kind() identKind { return kindDelivery }

// AnonymousPerson is a person known only by an anonymous id, such as a browser
// cookie. It is the other side of the relationships of IdentifyAnonymousObject,
// which lets an object be related to a visitor before they are identified; the
// exact shape Customer.io expects there ({"anonymous_id": …}) is not confirmed by
// its documentation.
type AnonymousPerson struct {
	AnonymousID string `json:"anonymous_id" validate:"required,notblank"`
}

// AnonymousID identifies an anonymous person by their anonymous id.
func AnonymousID(id string) AnonymousPerson { return AnonymousPerson{AnonymousID: id} }

func (AnonymousPerson) kind() identKind { return kindAnonymous }

// Relationship relates the operation's entity to another one: an object, for a
// person's relationships, or a person, for an object's. Customer.io stores the
// relationship attributes on the link itself (a person's role in a company, say).
type Relationship struct {
	// Identifiers is the other side: an Object for person operations, a Person
	// for object operations (or an AnonymousPerson for IdentifyAnonymousObject).
	Identifiers Identifiers `json:"identifiers"`
	// Attributes are the relationship's own attributes; time.Time values are
	// sent as Unix seconds.
	Attributes map[string]any `json:"relationship_attributes,omitempty"`
}
