package customerio

// Relationship links a person and an object, with attributes of the link itself
// (a person's role in a company, say). On a person's operations it names the
// Object; on an object's operations it names the Person, or AnonymousID for a
// visitor not identified yet. Exactly one of the three is set; build one with
// RelatedObject, RelatedPerson or RelatedAnonymous.
type Relationship struct {
	Object      Object
	Person      Identifiers
	AnonymousID string
	// Attributes are the relationship's own attributes; time.Time values are
	// sent as Unix seconds. Optional.
	Attributes map[string]any
}

// RelatedObject relates a person to object o.
func RelatedObject(o Object, attrs map[string]any) Relationship {
	return Relationship{Object: o, Attributes: attrs}
}

// RelatedPerson relates an object to person p.
func RelatedPerson(p Identifiers, attrs map[string]any) Relationship {
	return Relationship{Person: p, Attributes: attrs}
}

// RelatedAnonymous relates an object to an anonymous visitor.
func RelatedAnonymous(anonymousID string, attrs map[string]any) Relationship {
	return Relationship{AnonymousID: anonymousID, Attributes: attrs}
}
