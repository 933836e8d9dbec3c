package trackv2

// need says whether an action takes a field.
type need uint8

const (
	forbidden need = iota
	optional
	required
)

// deviceUse says which device fields an action sends.
type deviceUse uint8

const (
	noDevice     deviceUse = iota
	deviceAdd              // token, platform, last_used, attributes
	deviceDelete           // token only
)

// actionRule is one cell of Customer.io's action matrix: the fields an op of one
// type and action carries.
type actionRule struct {
	// identifiers is the kind of Op.Identifiers; zero for merge, which has none.
	identifiers identKind
	name        need
	// attributes optional means the attributes object is always sent, {} when
	// empty; required means it must carry something (delivery events).
	attributes    need
	relationships need
	// related is the side of a customerio.Relationship the action takes:
	// kindObject, kindPerson or kindAnonymous.
	related identKind
	device  deviceUse
	merge   bool
	// event marks the actions that take a de-duplication id.
	event bool
	// metric marks delivery events: the name is a delivery metric and the
	// attributes carry the device token.
	metric bool
}

// ruleFor returns the cell of the action matrix for t and a, and whether the
// pair is valid. The matrix is that of the Track API reference: objects take
// identify, identify_anonymous, delete, add_relationships and
// delete_relationships, and no events.
func ruleFor(t EntityType, a Action) (actionRule, bool) {
	switch t {
	case TypePerson:
		switch a {
		case ActionIdentify:
			return actionRule{identifiers: kindPerson, attributes: optional, relationships: optional, related: kindObject}, true
		case ActionEvent, ActionScreen, ActionPage:
			return actionRule{identifiers: kindPerson, name: required, attributes: optional, event: true}, true
		case ActionDelete, ActionSuppress, ActionUnsuppress:
			return actionRule{identifiers: kindPerson}, true
		case ActionAddRelationships, ActionDeleteRelationships:
			return actionRule{identifiers: kindPerson, relationships: required, related: kindObject}, true
		case ActionAddDevice:
			return actionRule{identifiers: kindPerson, device: deviceAdd}, true
		case ActionDeleteDevice:
			return actionRule{identifiers: kindPerson, device: deviceDelete}, true
		case ActionMerge:
			return actionRule{merge: true}, true
		}
	case TypeObject:
		switch a {
		case ActionIdentify:
			return actionRule{identifiers: kindObject, attributes: optional, relationships: optional, related: kindPerson}, true
		case ActionIdentifyAnonymous:
			return actionRule{identifiers: kindObject, attributes: optional, relationships: optional, related: kindAnonymous}, true
		case ActionDelete:
			return actionRule{identifiers: kindObject}, true
		case ActionAddRelationships, ActionDeleteRelationships:
			return actionRule{identifiers: kindObject, relationships: required, related: kindPerson}, true
		}
	case TypeDelivery:
		if a == ActionEvent {
			return actionRule{identifiers: kindDelivery, name: required, attributes: required, event: true, metric: true}, true
		}
	}
	return actionRule{}, false
}
