package trackv2

import customerio "github.com/gocustomerio/customerio"

// Delivery identifies one message Customer.io sent, by the delivery id it carried
// (for a push, the CIO-Delivery-ID in the payload).
type Delivery struct {
	ID string `json:"id"`
}

// DeliveryID identifies a delivery by its id.
func DeliveryID(id string) Delivery { return Delivery{ID: id} }

// identKind tells the kinds of identifier apart: those Op.Identifiers holds,
// and, for relationships, the side of a customerio.Relationship an action takes.
type identKind uint8

const (
	kindPerson identKind = 1 << iota
	kindObject
	kindDelivery
	// kindAnonymous is Relationship.AnonymousID, a visitor known only by an
	// anonymous id; it never names an op's own entity.
	kindAnonymous
)

func (k identKind) String() string {
	switch k {
	case kindPerson:
		return "a customerio.Identifiers"
	case kindObject:
		return "a customerio.Object"
	case kindDelivery:
		return "a trackv2.Delivery"
	case kindAnonymous:
		return "an anonymous id"
	}
	return "an identifier"
}

// kindOf returns the kind of an Op.Identifiers value, zero for a value of no
// accepted type.
func kindOf(id any) identKind {
	switch id.(type) {
	case customerio.Identifiers:
		return kindPerson
	case customerio.Object:
		return kindObject
	case Delivery:
		return kindDelivery
	}
	return 0
}
