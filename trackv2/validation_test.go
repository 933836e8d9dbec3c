package trackv2

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func nanOp(attrs map[string]any) Op { return TrackPersonEvent(customerio.ByID("1"), "e", attrs) }

// badOps are ops Send and Batch must refuse before any I/O, with the field the
// error must name (relative to the op).
var badOps = []struct {
	name  string
	op    Op
	field string
}{
	{"no identifiers", Op{Type: TypePerson, Action: ActionIdentify}, "identifiers"},
	{"empty person", IdentifyPerson(customerio.Identifiers{}, nil), "identifiers"},
	{"pointer to a person", Op{Type: TypePerson, Action: ActionDelete, Identifiers: &customerio.Identifiers{ID: "1"}}, "identifiers"},
	{"nil pointer to a person", Op{Type: TypePerson, Action: ActionDelete, Identifiers: (*customerio.Identifiers)(nil)}, "identifiers"},
	{"identifiers of another type", Op{Type: TypePerson, Action: ActionDelete, Identifiers: "42"}, "identifiers"},
	{"pointer to an object", Op{Type: TypeObject, Action: ActionDelete, Identifiers: &customerio.Object{TypeID: "1", ID: "a"}}, "identifiers"},
	{"pointer to a delivery", Op{Type: TypeDelivery, Action: ActionEvent, Identifiers: &Delivery{ID: "d"}, Name: "opened", Attributes: map[string]any{"device_token": "t"}}, "identifiers"},
	{"person with two fields", IdentifyPerson(customerio.Identifiers{ID: "1", Email: "a@example.com"}, nil), "identifiers.email"},
	{"person with phone and cio_id", DeletePerson(customerio.Identifiers{Phone: "+1555", CIOID: "c"}), "identifiers.cio_id"},
	{"object identifiers on a person", Op{Type: TypePerson, Action: ActionDelete, Identifiers: customerio.ObjectByID("1", "a")}, "identifiers"},
	{"person identifiers on an object", Op{Type: TypeObject, Action: ActionDelete, Identifiers: customerio.ByID("1")}, "identifiers"},
	{"empty object", DeleteObject(customerio.Object{}), "identifiers"},
	{"object without id", DeleteObject(customerio.Object{TypeID: "1"}), "identifiers.object_id"},
	{"object without type", DeleteObject(customerio.Object{ID: "acme"}), "identifiers.object_type_id"},
	{"object type not an integer", DeleteObject(customerio.ObjectByID("company", "acme")), "identifiers.object_type_id"},
	{"object type zero", DeleteObject(customerio.ObjectByID("0", "acme")), "identifiers.object_type_id"},
	{"object with both forms", DeleteObject(customerio.Object{TypeID: "1", ID: "a", CIOObjectID: "c"}), "identifiers.cio_object_id"},
	{"delivery without id", TrackDeliveryEvent(Delivery{}, customerio.MetricOpened, "tok", nil), "identifiers.id"},
	{"missing event name", TrackPersonEvent(customerio.ByID("1"), "", nil), "name"},
	{"missing page name", PersonPageview(customerio.ByID("1"), "", nil), "name"},
	{"missing screen name", PersonScreen(customerio.ByID("1"), "", nil), "name"},
	{"name on delete", Op{Type: TypePerson, Action: ActionDelete, Identifiers: customerio.ByID("1"), Name: "x"}, "name"},
	{"id on identify", IdentifyPerson(customerio.ByID("1"), nil, WithID("x")), "id"},
	{"attributes on delete", Op{Type: TypePerson, Action: ActionDelete, Identifiers: customerio.ByID("1"), Attributes: map[string]any{"a": 1}}, "attributes"},
	{"unknown type", Op{Type: "company", Action: ActionIdentify, Identifiers: customerio.ByID("1")}, "type"},
	{"empty type", Op{Action: ActionIdentify, Identifiers: customerio.ByID("1")}, "type"},
	{"object screen", Op{Type: TypeObject, Action: ActionScreen, Identifiers: customerio.ObjectByID("1", "a"), Name: "s"}, "action"},
	{"delivery identify", Op{Type: TypeDelivery, Action: ActionIdentify, Identifiers: DeliveryID("d")}, "action"},
	{"person identify_anonymous", Op{Type: TypePerson, Action: ActionIdentifyAnonymous, Identifiers: customerio.ByID("1")}, "action"},
	{"unknown action", Op{Type: TypePerson, Action: "upsert", Identifiers: customerio.ByID("1")}, "action"},
	{"delivery metric", TrackDeliveryEvent(DeliveryID("d"), customerio.MetricClicked, "tok", nil), "name"},
	{"person metric on a delivery", TrackDeliveryEvent(DeliveryID("d"), customerio.MetricSubscribed, "tok", nil), "name"},
	{"blank delivery id", TrackDeliveryEvent(DeliveryID(" "), customerio.MetricOpened, "tok", nil), "identifiers.id"},
	{"delivery without device token", TrackDeliveryEvent(DeliveryID("d"), customerio.MetricDelivered, "", nil), "attributes.device_token"},
	{"delivery event built by hand", Op{Type: TypeDelivery, Action: ActionEvent, Identifiers: DeliveryID("d"), Name: "opened"}, "attributes.device_token"},
	{"empty relationships", AddPersonRelationships(customerio.ByID("1"), []customerio.Relationship{}), "cio_relationships"},
	{"nil relationships", DeleteObjectRelationships(customerio.ObjectByID("1", "a"), nil), "cio_relationships"},
	{"person related to a person", AddPersonRelationships(customerio.ByID("1"), []customerio.Relationship{customerio.RelatedPerson(customerio.ByID("2"), nil)}), "cio_relationships[0].Person"},
	{"person related to an anonymous visitor", AddPersonRelationships(customerio.ByID("1"), []customerio.Relationship{customerio.RelatedAnonymous("a", nil)}), "cio_relationships[0].AnonymousID"},
	{"person relationship naming two sides", IdentifyPerson(customerio.ByID("1"), nil, WithRelationships(customerio.Relationship{Object: customerio.ObjectByID("1", "a"), Person: customerio.ByID("2")})), "cio_relationships[0].Person"},
	{"object related to an object", AddObjectRelationships(customerio.ObjectByID("1", "a"), []customerio.Relationship{customerio.RelatedPerson(customerio.ByID("2"), nil), customerio.RelatedObject(customerio.ObjectByID("1", "b"), nil)}), "cio_relationships[1].Object"},
	{"object related to a person with two identifiers", AddObjectRelationships(customerio.ObjectByID("1", "a"), []customerio.Relationship{customerio.RelatedPerson(customerio.Identifiers{ID: "2", Email: "b@example.com"}, nil)}), "cio_relationships[0].identifiers.email"},
	{"object related to a blank person", DeleteObjectRelationships(customerio.ObjectByID("1", "a"), []customerio.Relationship{customerio.RelatedPerson(customerio.ByEmail(" "), nil)}), "cio_relationships[0].identifiers.email"},
	{"relationship without a side", AddPersonRelationships(customerio.ByID("1"), []customerio.Relationship{customerio.RelatedObject(customerio.ObjectByID("1", "a"), nil), {}}), "cio_relationships[1].Object"},
	{"object relationship without a side", AddObjectRelationships(customerio.ObjectByID("1", "a"), []customerio.Relationship{{Attributes: map[string]any{"role": "x"}}}), "cio_relationships[0].Person"},
	{"relationship with a bad object", IdentifyPerson(customerio.ByID("1"), nil, WithRelationships(customerio.Relationship{Object: customerio.ObjectByID("x", "a")})), "cio_relationships[0].identifiers.object_type_id"},
	{"anonymous relationship on identify", IdentifyObject(customerio.ObjectByID("1", "a"), nil, WithRelationships(customerio.RelatedAnonymous("a", nil))), "cio_relationships[0].AnonymousID"},
	{"person relationship on identify_anonymous", IdentifyAnonymousObject(customerio.ObjectByID("1", "a"), nil, WithRelationships(customerio.RelatedPerson(customerio.ByID("1"), nil))), "cio_relationships[0].Person"},
	{"object relationship on identify_anonymous", IdentifyAnonymousObject(customerio.ObjectByID("1", "a"), nil, WithRelationships(customerio.RelatedObject(customerio.ObjectByID("1", "b"), nil))), "cio_relationships[0].Object"},
	{"empty anonymous id", IdentifyAnonymousObject(customerio.ObjectByID("1", "a"), nil, WithRelationships(customerio.RelatedAnonymous("", nil))), "cio_relationships[0].AnonymousID"},
	{"blank anonymous id", IdentifyAnonymousObject(customerio.ObjectByID("1", "a"), nil, WithRelationships(customerio.RelatedAnonymous("  ", nil))), "cio_relationships[0].identifiers.anonymous_id"},
	{"relationships on delete", Op{Type: TypePerson, Action: ActionDelete, Identifiers: customerio.ByID("1"), Relationships: []customerio.Relationship{{Object: customerio.ObjectByID("1", "a")}}}, "cio_relationships"},
	{"add device without device", Op{Type: TypePerson, Action: ActionAddDevice, Identifiers: customerio.ByID("1")}, "device"},
	{"device without token", AddPersonDevice(customerio.ByID("1"), customerio.Device{Platform: customerio.PlatformIOS}), "device.token"},
	{"device without platform", AddPersonDevice(customerio.ByID("1"), customerio.Device{Token: "t"}), "device.platform"},
	{"device on another platform", AddPersonDevice(customerio.ByID("1"), customerio.Device{Token: "t", Platform: "windows"}), "device.platform"},
	{"delete device without token", DeletePersonDevice(customerio.ByID("1"), ""), "device.token"},
	{"device on identify", Op{Type: TypePerson, Action: ActionIdentify, Identifiers: customerio.ByID("1"), Device: &customerio.Device{Token: "t"}}, "device"},
	{"merge with identifiers", Op{Type: TypePerson, Action: ActionMerge, Identifiers: customerio.ByID("1"), Primary: customerio.ByID("1"), Secondary: customerio.ByID("2")}, "identifiers"},
	{"merge without primary", MergePeople(customerio.Identifiers{}, customerio.ByID("2")), "primary"},
	{"merge without secondary", MergePeople(customerio.ByID("1"), customerio.Identifiers{}), "secondary"},
	{"merge by phone", MergePeople(customerio.ByID("1"), customerio.ByPhone("+1555")), "secondary.phone"},
	{"merge person with two fields", MergePeople(customerio.ByID("1"), customerio.Identifiers{ID: "2", CIOID: "c"}), "secondary.cio_id"},
	{"primary on identify", Op{Type: TypePerson, Action: ActionIdentify, Identifiers: customerio.ByID("1"), Primary: customerio.ByID("2")}, "primary"},
	{"secondary on delete", Op{Type: TypePerson, Action: ActionDelete, Identifiers: customerio.ByID("1"), Secondary: customerio.ByID("2")}, "secondary"},
	{"NaN at the top", nanOp(map[string]any{"price": math.NaN()}), "attributes.price"},
	{"+Inf in a nested map", nanOp(map[string]any{"cart": map[string]any{"total": math.Inf(1)}}), "attributes.cart.total"},
	{"-Inf in a slice", nanOp(map[string]any{"scores": []any{1.5, math.Inf(-1)}}), "attributes.scores[1]"},
	{"float32 NaN in a typed slice", nanOp(map[string]any{"scores": []float32{1, float32(math.NaN())}}), "attributes.scores[1]"},
	{"NaN in a slice of maps", nanOp(map[string]any{"items": []map[string]any{{"p": 1.0}, {"p": math.NaN()}}}), "attributes.items[1].p"},
	{"NaN inside a struct value", nanOp(map[string]any{"s": struct{ F float64 }{math.NaN()}}), "attributes.s.F"},
	{"a channel", nanOp(map[string]any{"c": make(chan int)}), ""},
	{"NaN in device attributes", AddPersonDevice(customerio.ByID("1"), customerio.Device{Token: "t", Platform: customerio.PlatformAndroid, Attributes: map[string]any{"x": math.Inf(1)}}), "device.attributes.x"},
	{"NaN in relationship attributes", AddPersonRelationships(customerio.ByID("1"), []customerio.Relationship{{Object: customerio.ObjectByID("1", "a"), Attributes: map[string]any{"weight": math.NaN()}}}), "cio_relationships[0].relationship_attributes.weight"},
	{"NaN in identify attributes", IdentifyPerson(customerio.ByID("1"), map[string]any{"a": []any{map[string]any{"b": math.NaN()}}}), "attributes.a[0].b"},
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
	good := IdentifyPerson(customerio.ByID("ok"), map[string]any{"a": 1})
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
		IdentifyPerson(customerio.ByID("1"), nil),
		TrackPersonEvent(customerio.ByID("1"), "", nil),
		IdentifyPerson(customerio.ByID("1"), nil),
		DeletePerson(customerio.Identifiers{}),
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
	err := c.TrackPersonEvent(t.Context(), customerio.ByID("1"), "", nil)
	fields := validationFields(t, err, "trackv2.TrackPersonEvent")
	if len(fields) != 1 || fields[0].Field != "name" {
		t.Errorf("fields %+v", fields)
	}
}

// paddedIdentify returns an identify op that encodes to exactly size bytes.
func paddedIdentify(t testing.TB, id string, size int) Op {
	t.Helper()
	base, err := encodeOp("test", IdentifyPerson(customerio.ByID(id), map[string]any{"pad": ""}), -1)
	if err != nil {
		t.Fatal(err)
	}
	pad := size - len(base)
	if pad < 0 {
		t.Fatalf("cannot pad an op of %d bytes down to %d", len(base), size)
	}
	op := IdentifyPerson(customerio.ByID(id), map[string]any{"pad": strings.Repeat("x", pad)})
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
		ok := IdentifyPerson(customerio.ByID("ok"), nil)
		_, err = c.Batch(t.Context(), []Op{ok, ok, op})
		fields = validationFields(t, err, "trackv2.Batch")
		if len(fields) != 1 || fields[0].Field != "batch[2]" || !strings.Contains(fields[0].Message, "32001 bytes") {
			t.Errorf("fields %+v, want batch[2] and its size", fields)
		}
	})
}
