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
	case rule.metric && !DeliveryMetric(op.Name).valid():
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
		case op.Primary != (Person{}):
			return validate.Field(opName, "primary", "only a merge takes primary and secondary")
		case op.Secondary != (Person{}):
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
// are named relative to the identifiers object.
//
// Person and Object are checked here in plain code: "exactly one of these
// fields" is not a rule field tags can state with a useful message, and these
// checks run for every op of every batch. The other identifier types are checked
// by their validate tags.
func checkIdentifiers(opName string, allowed identKind, id Identifiers) error {
	switch id.(type) {
	case nil:
		return validate.Field(opName, "", "is required")
	case *Person, *Object, *Delivery, *AnonymousPerson:
		return validate.Field(opName, "", "must be an identifier value such as trackv2.PersonID(…), not a pointer")
	}
	if id.kind()&allowed == 0 {
		return validate.Field(opName, "", "must be %v here, not %v", allowed, id.kind())
	}
	switch v := id.(type) {
	case Person:
		return checkPerson(opName, v)
	case Object:
		return checkObject(opName, v)
	}
	return validate.Struct(opName, id)
}

// checkPerson accepts a Person with exactly one field set.
func checkPerson(opName string, p Person) error {
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

// personFields are Person's fields by JSON name, in declaration order.
var personFields = [...]string{"id", "email", "phone", "cio_id"}

// checkObject accepts an Object with either TypeID and ID, or CIOObjectID alone.
func checkObject(opName string, o Object) error {
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

func checkMergePerson(opName string, p Person) error {
	switch {
	case p == (Person{}):
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
		if err := checkIdentifiers(opName, rule.related, op.Relationships[i].Identifiers); err != nil {
			return prefixed(err, "cio_relationships["+strconv.Itoa(i)+"].identifiers")
		}
	}
	return nil
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
		return prefixed(validate.Struct(opName, op.Device), "device")
	case deviceDelete:
		if op.Device == nil || op.Device.Token == "" {
			return validate.Field(opName, "device.token", "is required")
		}
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
