package trackv2

import (
	"strconv"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/validate"
)

// checkOp checks op against its cell of the action matrix and returns that
// cell. Errors name fields relative to the op ("identifiers.email").
func checkOp(opName string, op *Op) (actionRule, error) {
	rule, ok := ruleFor(op.Type, op.Action)
	if !ok {
		return rule, badKind(opName, op)
	}
	if err := checkTarget(opName, op, rule); err != nil {
		return rule, err
	}
	switch {
	case rule.name == required && op.Name == "":
		return rule, validate.Field(opName, "name", "must not be blank")
	case rule.name == forbidden && op.Name != "":
		return rule, notTaken(opName, "name", op)
	case rule.metric && !deliveryMetric(op.Name):
		return rule, validate.Field(opName, "name", "must be one of: opened converted delivered")
	case !rule.event && op.ID != "":
		return rule, validate.Field(opName, "id", "only events take a de-duplication id, not %s %s", op.Type, op.Action)
	case rule.attributes == forbidden && len(op.Attributes) > 0:
		return rule, notTaken(opName, "attributes", op)
	case rule.metric:
		if token, _ := op.Attributes["device_token"].(string); token == "" {
			return rule, validate.Field(opName, "attributes.device_token", "is required: the device the delivery reached")
		}
	}
	if err := checkRelationships(opName, op, rule); err != nil {
		return rule, err
	}
	return rule, checkDevice(opName, op, rule)
}

// checkTarget checks who the op is about: its identifiers, or a merge's two people.
func checkTarget(opName string, op *Op, rule actionRule) error {
	if !rule.merge {
		switch {
		case op.Primary != (customerio.Identifiers{}):
			return validate.Field(opName, "primary", "only a merge takes primary and secondary")
		case op.Secondary != (customerio.Identifiers{}):
			return validate.Field(opName, "secondary", "only a merge takes primary and secondary")
		}
		return prefixed(checkIdentifiers(opName, rule.identifiers, op.Identifiers), "identifiers")
	}
	if op.Identifiers != nil {
		return validate.Field(opName, "identifiers", "a merge has no identifiers; set primary and secondary")
	}
	if err := checkMergePerson(opName, op.Primary); err != nil {
		return prefixed(err, "primary")
	}
	return prefixed(checkMergePerson(opName, op.Secondary), "secondary")
}

// checkIdentifiers checks that id is of an allowed kind and well formed. Fields
// are named relative to the identifiers object. The checks are plain code:
// "exactly one of these fields" is not a rule field tags can state with a
// useful message, and they run for every op of every batch.
func checkIdentifiers(opName string, allowed identKind, id any) error {
	switch id.(type) {
	case nil:
		return validate.Field(opName, "", "is required")
	case *customerio.Identifiers, *customerio.Object, *Delivery:
		return validate.Field(opName, "", "must be a value such as customerio.ByID(…), not a pointer")
	}
	kind := kindOf(id)
	switch {
	case kind == 0:
		return validate.Field(opName, "", "must be a customerio.Identifiers, a customerio.Object or a trackv2.Delivery, not a %T", id)
	case kind&allowed == 0:
		return validate.Field(opName, "", "must be %v here, not %v", allowed, kind)
	}
	switch v := id.(type) {
	case customerio.Identifiers:
		return checkPerson(opName, v)
	case customerio.Object:
		return checkObject(opName, v)
	case Delivery:
		return checkNotBlank(opName, "id", v.ID)
	}
	return nil
}

// checkNotBlank refuses an empty or blank value of a required field.
func checkNotBlank(opName, field, v string) error {
	switch {
	case v == "":
		return validate.Field(opName, field, "is required")
	case validate.IsBlank(v):
		return validate.Field(opName, field, "must not be blank")
	}
	return nil
}

// checkPerson accepts a person named by exactly one field.
func checkPerson(opName string, p customerio.Identifiers) error {
	values := [...]string{p.ID, p.Email, p.Phone, p.CIOID}
	first := -1
	for i, v := range values {
		if v == "" {
			continue
		}
		if validate.IsBlank(v) {
			return validate.Field(opName, personFields[i], "must not be blank")
		}
		if first >= 0 {
			return validate.Field(opName, personFields[i], "must not be set together with %s: a person is identified by exactly one field", personFields[first])
		}
		first = i
	}
	if first < 0 {
		return validate.Field(opName, "", "needs one of id, email, phone or cio_id")
	}
	return nil
}

// personFields are customerio.Identifiers' fields by JSON name, in declaration
// order.
var personFields = [...]string{"id", "email", "phone", "cio_id"}

// checkObject accepts an object named by either TypeID and ID, or CIOObjectID alone.
func checkObject(opName string, o customerio.Object) error {
	for i, v := range [...]string{o.CIOObjectID, o.TypeID, o.ID} {
		if v != "" && validate.IsBlank(v) {
			return validate.Field(opName, [...]string{"cio_object_id", "object_type_id", "object_id"}[i], "must not be blank")
		}
	}
	switch {
	case o.CIOObjectID != "" && (o.TypeID != "" || o.ID != ""):
		return validate.Field(opName, "cio_object_id", "must not be set together with object_type_id or object_id")
	case o.CIOObjectID != "":
		return nil
	case o.TypeID == "" && o.ID == "":
		return validate.Field(opName, "", "needs object_type_id and object_id, or cio_object_id")
	case o.TypeID == "":
		return validate.Field(opName, "object_type_id", "is required with object_id")
	case o.ID == "":
		return validate.Field(opName, "object_id", "is required with object_type_id")
	case !isTypeID(o.TypeID):
		return validate.Field(opName, "object_type_id", "must be an object type id: a positive integer such as \"1\"")
	}
	return nil
}

func checkMergePerson(opName string, p customerio.Identifiers) error {
	switch {
	case p == (customerio.Identifiers{}):
		return validate.Field(opName, "", "needs one of id, email or cio_id")
	case p.Phone != "":
		return validate.Field(opName, "phone", "a merge identifies people by id, email or cio_id only")
	}
	return checkPerson(opName, p)
}

func checkRelationships(opName string, op *Op, rule actionRule) error {
	switch {
	case rule.relationships == forbidden && len(op.Relationships) > 0:
		return notTaken(opName, "cio_relationships", op)
	case rule.relationships == required && len(op.Relationships) == 0:
		return validate.Field(opName, "cio_relationships", "must not be empty")
	}
	for i := range op.Relationships {
		if err := checkRelationship(opName, op, rule.related, &op.Relationships[i]); err != nil {
			return prefixed(err, "cio_relationships["+strconv.Itoa(i)+"]")
		}
	}
	return nil
}

// relationshipSide is one of the three sides a customerio.Relationship may
// name.
type relationshipSide struct {
	kind identKind
	// field is the Relationship field, named as in Go: the sides have no wire
	// name of their own, each is sent as "identifiers".
	field string
	// what and build say, in errors, what the side relates and how to set it.
	what, build string
}

var relationshipSides = [...]relationshipSide{
	{kindObject, "Object", "the person to an object", "customerio.RelatedObject"},
	{kindPerson, "Person", "the object to a person", "customerio.RelatedPerson"},
	{kindAnonymous, "AnonymousID", "the object to an anonymous visitor", "customerio.RelatedAnonymous"},
}

// checkRelationship checks that r names the side want, and only it, and that
// the side is well formed. A wrong side is refused naming its field: nothing
// of it could be sent.
func checkRelationship(opName string, op *Op, want identKind, r *customerio.Relationship) error {
	set := [...]bool{r.Object != (customerio.Object{}), r.Person != (customerio.Identifiers{}), r.AnonymousID != ""}
	var side relationshipSide
	for _, s := range relationshipSides {
		if s.kind == want {
			side = s
		}
	}
	for i, s := range relationshipSides {
		if set[i] && s.kind != want {
			return validate.Field(opName, s.field, "%s %s relates %s: set %s (%s), not %s",
				op.Type, op.Action, side.what, side.field, side.build, s.field)
		}
	}
	switch want {
	case kindObject:
		if set[0] {
			return prefixed(checkObject(opName, r.Object), "identifiers")
		}
	case kindPerson:
		if set[1] {
			return prefixed(checkPerson(opName, r.Person), "identifiers")
		}
	default:
		if set[2] {
			return prefixed(checkNotBlank(opName, "anonymous_id", r.AnonymousID), "identifiers")
		}
	}
	return validate.Field(opName, side.field, "is required: %s %s relates %s (%s)", op.Type, op.Action, side.what, side.build)
}

func checkDevice(opName string, op *Op, rule actionRule) error {
	switch rule.device {
	case noDevice:
		if op.Device != nil {
			return notTaken(opName, "device", op)
		}
	case deviceAdd:
		if op.Device == nil {
			return validate.Field(opName, "device", "is required")
		}
		return prefixed(checkAddDevice(opName, op.Device), "device")
	case deviceDelete:
		if op.Device == nil || op.Device.Token == "" {
			return validate.Field(opName, "device.token", "is required")
		}
	}
	return nil
}

// checkAddDevice checks the device of add_device: a token, and a platform
// Customer.io sends pushes to.
func checkAddDevice(opName string, d *customerio.Device) error {
	switch {
	case d.Token == "":
		return validate.Field(opName, "token", "is required")
	case d.Platform == "":
		return validate.Field(opName, "platform", "is required")
	case d.Platform != customerio.PlatformIOS && d.Platform != customerio.PlatformAndroid:
		return validate.Field(opName, "platform", "must be one of: ios android")
	}
	return nil
}

func badKind(opName string, op *Op) error {
	switch op.Type {
	case TypePerson, TypeObject, TypeDelivery:
		return validate.Field(opName, "action", "%s does not support action %q", op.Type, op.Action)
	}
	return validate.Field(opName, "type", "must be one of: person object delivery, not %q", op.Type)
}

func notTaken(opName, field string, op *Op) error {
	return validate.Field(opName, field, "%s %s does not take %s", op.Type, op.Action, field)
}

// isTypeID reports whether s is a positive decimal integer.
func isTypeID(s string) bool {
	n, err := strconv.ParseUint(s, 10, 64)
	return err == nil && n > 0
}

// prefixed puts prefix in front of every field a *customerio.ValidationError
// names, so that a check written for a part of an op reports the field's full
// path. The error must be freshly made by this package: it is changed in place.
func prefixed(err error, prefix string) error {
	ve, ok := err.(*customerio.ValidationError)
	if !ok {
		return err
	}
	for i := range ve.Fields {
		ve.Fields[i].Field = joinField(prefix, ve.Fields[i].Field)
	}
	return ve
}

// joinField joins a path and a field below it: "batch[3]" and "identifiers"
// give "batch[3].identifiers".
func joinField(prefix, field string) string {
	if field == "" {
		return prefix
	}
	return prefix + "." + field
}
