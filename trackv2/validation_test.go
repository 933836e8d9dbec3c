package trackv2

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func nanOp(attrs map[string]any) Op { return TrackPersonEvent(PersonID("1"), "e", attrs) }

// badOps are ops Send and Batch must refuse before any I/O, with the field the
// error must name (relative to the op).
var badOps = []struct {
	name  string
	op    Op
	field string
}{
	{"no identifiers", Op{Type: TypePerson, Action: ActionIdentify}, "identifiers"},
	{"empty person", IdentifyPerson(Person{}, nil), "identifiers"},
	{"pointer to a person", Op{Type: TypePerson, Action: ActionDelete, Identifiers: &Person{ID: "1"}}, "identifiers"},
	{"nil pointer to a person", Op{Type: TypePerson, Action: ActionDelete, Identifiers: (*Person)(nil)}, "identifiers"},
	{"pointer in a relationship", AddObjectRelationships(ObjectID("1", "a"), []Relationship{{Identifiers: &Person{ID: "1"}}}), "cio_relationships[0].identifiers"},
	{"person with two fields", IdentifyPerson(Person{ID: "1", Email: "a@example.com"}, nil), "identifiers.email"},
	{"person with phone and cio_id", DeletePerson(Person{Phone: "+1555", CIOID: "c"}), "identifiers.cio_id"},
	{"object identifiers on a person", Op{Type: TypePerson, Action: ActionDelete, Identifiers: ObjectID("1", "a")}, "identifiers"},
	{"person identifiers on an object", Op{Type: TypeObject, Action: ActionDelete, Identifiers: PersonID("1")}, "identifiers"},
	{"empty object", DeleteObject(Object{}), "identifiers"},
	{"object without id", DeleteObject(Object{TypeID: "1"}), "identifiers.object_id"},
	{"object without type", DeleteObject(Object{ID: "acme"}), "identifiers.object_type_id"},
	{"object type not an integer", DeleteObject(ObjectID("company", "acme")), "identifiers.object_type_id"},
	{"object type zero", DeleteObject(ObjectID("0", "acme")), "identifiers.object_type_id"},
	{"object with both forms", DeleteObject(Object{TypeID: "1", ID: "a", CIOObjectID: "c"}), "identifiers.cio_object_id"},
	{"delivery without id", TrackDeliveryEvent(Delivery{}, MetricOpened, "tok", nil), "identifiers.id"},
	{"missing event name", TrackPersonEvent(PersonID("1"), "", nil), "name"},
	{"missing page name", PersonPageview(PersonID("1"), "", nil), "name"},
	{"missing screen name", PersonScreen(PersonID("1"), "", nil), "name"},
	{"name on delete", Op{Type: TypePerson, Action: ActionDelete, Identifiers: PersonID("1"), Name: "x"}, "name"},
	{"id on identify", IdentifyPerson(PersonID("1"), nil, WithID("x")), "id"},
	{"attributes on delete", Op{Type: TypePerson, Action: ActionDelete, Identifiers: PersonID("1"), Attributes: map[string]any{"a": 1}}, "attributes"},
	{"unknown type", Op{Type: "company", Action: ActionIdentify, Identifiers: PersonID("1")}, "type"},
	{"empty type", Op{Action: ActionIdentify, Identifiers: PersonID("1")}, "type"},
	{"object screen", Op{Type: TypeObject, Action: ActionScreen, Identifiers: ObjectID("1", "a"), Name: "s"}, "action"},
	{"delivery identify", Op{Type: TypeDelivery, Action: ActionIdentify, Identifiers: DeliveryID("d")}, "action"},
	{"person identify_anonymous", Op{Type: TypePerson, Action: ActionIdentifyAnonymous, Identifiers: PersonID("1")}, "action"},
	{"unknown action", Op{Type: TypePerson, Action: "upsert", Identifiers: PersonID("1")}, "action"},
	{"delivery metric", TrackDeliveryEvent(DeliveryID("d"), "clicked", "tok", nil), "name"},
	{"delivery without device token", TrackDeliveryEvent(DeliveryID("d"), MetricDelivered, "", nil), "attributes.device_token"},
	{"delivery event built by hand", Op{Type: TypeDelivery, Action: ActionEvent, Identifiers: DeliveryID("d"), Name: "opened"}, "attributes.device_token"},
	{"empty relationships", AddPersonRelationships(PersonID("1"), []Relationship{}), "cio_relationships"},
	{"nil relationships", DeleteObjectRelationships(ObjectID("1", "a"), nil), "cio_relationships"},
	{"person related to a person", AddPersonRelationships(PersonID("1"), []Relationship{{Identifiers: PersonID("2")}}), "cio_relationships[0].identifiers"},
	{"object related to an object", AddObjectRelationships(ObjectID("1", "a"), []Relationship{{Identifiers: PersonID("2")}, {Identifiers: ObjectID("1", "b")}}), "cio_relationships[1].identifiers"},
	{"relationship without identifiers", AddPersonRelationships(PersonID("1"), []Relationship{{Identifiers: ObjectID("1", "a")}, {}}), "cio_relationships[1].identifiers"},
	{"relationship with a bad object", IdentifyPerson(PersonID("1"), nil, WithRelationships(Relationship{Identifiers: ObjectID("x", "a")})), "cio_relationships[0].identifiers.object_type_id"},
	{"anonymous relationship on identify", IdentifyObject(ObjectID("1", "a"), nil, WithRelationships(Relationship{Identifiers: AnonymousID("a")})), "cio_relationships[0].identifiers"},
	{"blank anonymous id", IdentifyAnonymousObject(ObjectID("1", "a"), nil, WithRelationships(Relationship{Identifiers: AnonymousID("")})), "cio_relationships[0].identifiers.anonymous_id"},
	{"relationships on delete", Op{Type: TypePerson, Action: ActionDelete, Identifiers: PersonID("1"), Relationships: []Relationship{{Identifiers: ObjectID("1", "a")}}}, "cio_relationships"},
	{"add device without device", Op{Type: TypePerson, Action: ActionAddDevice, Identifiers: PersonID("1")}, "device"},
	{"device without token", AddPersonDevice(PersonID("1"), Device{Platform: PlatformIOS}), "device.token"},
	{"device without platform", AddPersonDevice(PersonID("1"), Device{Token: "t"}), "device.platform"},
	{"device on another platform", AddPersonDevice(PersonID("1"), Device{Token: "t", Platform: "windows"}), "device.platform"},
	{"delete device without token", DeletePersonDevice(PersonID("1"), ""), "device.token"},
	{"device on identify", Op{Type: TypePerson, Action: ActionIdentify, Identifiers: PersonID("1"), Device: &Device{Token: "t"}}, "device"},
	{"merge with identifiers", Op{Type: TypePerson, Action: ActionMerge, Identifiers: PersonID("1"), Primary: PersonID("1"), Secondary: PersonID("2")}, "identifiers"},
	{"merge without primary", MergePersons(Person{}, PersonID("2")), "primary"},
	{"merge without secondary", MergePersons(PersonID("1"), Person{}), "secondary"},
	{"merge by phone", MergePersons(PersonID("1"), PersonPhone("+1555")), "secondary.phone"},
	{"merge person with two fields", MergePersons(PersonID("1"), Person{ID: "2", CIOID: "c"}), "secondary.cio_id"},
	{"primary on identify", Op{Type: TypePerson, Action: ActionIdentify, Identifiers: PersonID("1"), Primary: PersonID("2")}, "primary"},
	{"secondary on delete", Op{Type: TypePerson, Action: ActionDelete, Identifiers: PersonID("1"), Secondary: PersonID("2")}, "secondary"},
	{"NaN at the top", nanOp(map[string]any{"price": math.NaN()}), "attributes.price"},
	{"+Inf in a nested map", nanOp(map[string]any{"cart": map[string]any{"total": math.Inf(1)}}), "attributes.cart.total"},
	{"-Inf in a slice", nanOp(map[string]any{"scores": []any{1.5, math.Inf(-1)}}), "attributes.scores[1]"},
	{"float32 NaN in a typed slice", nanOp(map[string]any{"scores": []float32{1, float32(math.NaN())}}), "attributes.scores[1]"},
	{"NaN in a slice of maps", nanOp(map[string]any{"items": []map[string]any{{"p": 1.0}, {"p": math.NaN()}}}), "attributes.items[1].p"},
	{"NaN inside a struct value", nanOp(map[string]any{"s": struct{ F float64 }{math.NaN()}}), "attributes.s.F"},
	{"a channel", nanOp(map[string]any{"c": make(chan int)}), ""},
	{"NaN in device attributes", AddPersonDevice(PersonID("1"), Device{Token: "t", Platform: PlatformAndroid, Attributes: map[string]any{"x": math.Inf(1)}}), "device.attributes.x"},
	{"NaN in relationship attributes", AddPersonRelationships(PersonID("1"), []Relationship{{Identifiers: ObjectID("1", "a"), Attributes: map[string]any{"weight": math.NaN()}}}), "cio_relationships[0].relationship_attributes.weight"},
	{"NaN in identify attributes", IdentifyPerson(PersonID("1"), map[string]any{"a": []any{map[string]any{"b": math.NaN()}}}), "attributes.a[0].b"},
}

// validationField returns the field of the first problem err reports, failing
// the test unless err is a *customerio.ValidationError.
func validationFields(t *testing.T, err error, op string) []customerio.FieldError {
	t.Helper()
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T), want *customerio.ValidationError", err, err)
	}
	if ve.Op != op {
		t.Errorf("ValidationError.Op %q, want %q", ve.Op, op)
	}
	if customerio.IsRetryable(err) {
		t.Error("a validation error must not be retryable")
	}
	return ve.Fields
}

func TestSendRefusesBadOps(t *testing.T) {
	c := newUnreachableClient(t)
	for _, tc := range badOps {
		t.Run(tc.name, func(t *testing.T) {
			fields := validationFields(t, c.Send(t.Context(), tc.op), "trackv2.Send")
			if len(fields) != 1 || fields[0].Field != tc.field {
				t.Errorf("fields %+v, want one naming %q", fields, tc.field)
			}
		})
	}
}

func TestBatchRefusesBadOpsByIndex(t *testing.T) {
	c := newUnreachableClient(t)
	good := IdentifyPerson(PersonID("ok"), map[string]any{"a": 1})
	for _, tc := range badOps {
		t.Run(tc.name, func(t *testing.T) {
			ops := []Op{good, good, good, tc.op, good}
			res, err := c.Batch(t.Context(), ops)
			if res != nil {
				t.Errorf("result %+v for a refused batch", res)
			}
			fields := validationFields(t, err, "trackv2.Batch")
			want := joinField("batch[3]", tc.field)
			if len(fields) != 1 || fields[0].Field != want {
				t.Errorf("fields %+v, want one naming %q", fields, want)
			}
		})
	}
}

func TestBatchListsEveryBadOp(t *testing.T) {
	c := newUnreachableClient(t)
	ops := []Op{
		IdentifyPerson(PersonID("1"), nil),
		TrackPersonEvent(PersonID("1"), "", nil),
		IdentifyPerson(PersonID("1"), nil),
		DeletePerson(Person{}),
		nanOp(map[string]any{"x": math.NaN()}),
	}
	_, err := c.Batch(t.Context(), ops)
	fields := validationFields(t, err, "trackv2.Batch")
	var got []string
	for _, f := range fields {
		got = append(got, f.Field)
	}
	if want := "batch[1].name batch[3].identifiers batch[4].attributes.x"; strings.Join(got, " ") != want {
		t.Errorf("fields %v, want %s", got, want)
	}
}

func TestConvenienceMethodsNameThemselves(t *testing.T) {
	c := newUnreachableClient(t)
	err := c.TrackPersonEvent(t.Context(), PersonID("1"), "", nil)
	fields := validationFields(t, err, "trackv2.TrackPersonEvent")
	if len(fields) != 1 || fields[0].Field != "name" {
		t.Errorf("fields %+v", fields)
	}
}

// paddedIdentify returns an identify op that encodes to exactly size bytes.
func paddedIdentify(t testing.TB, id string, size int) Op {
	t.Helper()
	base, err := encodeOp("test", IdentifyPerson(PersonID(id), map[string]any{"pad": ""}), -1)
	if err != nil {
		t.Fatal(err)
	}
	pad := size - len(base)
	if pad < 0 {
		t.Fatalf("cannot pad an op of %d bytes down to %d", len(base), size)
	}
	op := IdentifyPerson(PersonID(id), map[string]any{"pad": strings.Repeat("x", pad)})
	if b, _ := encodeOp("test", op, -1); len(b) != size && size <= customerio.MaxEntityBytes {
		t.Fatalf("padded op is %d bytes, want %d", len(b), size)
	}
	return op
}

func TestEntitySizeLimit(t *testing.T) {
	t.Run("at the limit", func(t *testing.T) {
		c, rec := newTestClient(t, ok200)
		op := paddedIdentify(t, "p", customerio.MaxEntityBytes)
		if err := c.Send(t.Context(), op); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Batch(t.Context(), []Op{op}); err != nil {
			t.Fatal(err)
		}
		reqs := rec.requests()
		if len(reqs) != 2 || len(reqs[0].Body) != customerio.MaxEntityBytes {
			t.Fatalf("%d requests, first body %d bytes", len(reqs), len(reqs[0].Body))
		}
	})
	t.Run("one byte over", func(t *testing.T) {
		c := newUnreachableClient(t)
		op := paddedIdentify(t, "p", customerio.MaxEntityBytes+1)
		err := c.Send(t.Context(), op)
		fields := validationFields(t, err, "trackv2.Send")
		if len(fields) != 1 || fields[0].Field != "" || !strings.Contains(fields[0].Message, strconv.Itoa(customerio.MaxEntityBytes+1)) {
			t.Errorf("fields %+v, want the size named", fields)
		}
		ok := IdentifyPerson(PersonID("ok"), nil)
		_, err = c.Batch(t.Context(), []Op{ok, ok, op})
		fields = validationFields(t, err, "trackv2.Batch")
		if len(fields) != 1 || fields[0].Field != "batch[2]" || !strings.Contains(fields[0].Message, "32001 bytes") {
			t.Errorf("fields %+v, want batch[2] and its size", fields)
		}
	})
}
