package transport

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestEncoderRefusesCyclesAndDeepNesting pins that a value containing itself, or
// nested past MaxDepth, is a *ValidationError naming the path, where the walk
// once recursed until the goroutine stack overflowed (a fatal error no recover
// catches).
func TestEncoderRefusesCyclesAndDeepNesting(t *testing.T) {
	self := map[string]any{"name": "x"}
	self["self"] = self

	list := []any{1, nil}
	list[1] = list

	inner := map[string]any{}
	outer := map[string]any{"a": map[string]any{"b": []any{inner}}}
	inner["back"] = outer

	var boxed any
	ptr := &boxed
	boxed = map[string]any{"p": ptr}

	typed := map[string][]any{}
	typed["t"] = []any{typed}

	deep := map[string]any{}
	cur := deep
	for range MaxDepth + 5 {
		next := map[string]any{}
		cur["n"] = next
		cur = next
	}

	tests := []struct {
		name  string
		v     any
		field string
		msg   string
	}{
		{"map contains itself", self, "data.self", "refers back to data"},
		{"slice contains itself", list, "data[1]", "refers back to data"},
		{"cycle through a slice", outer, "data.a.b[0].back", "refers back to data"},
		{"cycle through a pointer", boxed, "data.p", "refers back to data"},
		{"typed map", typed, "data.t[0]", "refers back to data"},
		{"deep without a cycle", deep, "data.n.n.n.n.n.n.n…", "nested more than 1000 levels deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, call := range []func() error{
				func() error { _, err := Normalize("track.Track", "data", tt.v); return err },
				// The same path, the wrapping map's key standing in for the field.
				func() error { _, err := Encode("track.Track", map[string]any{"data": tt.v}); return err },
			} {
				err := call()
				var ve *customerio.ValidationError
				if !errors.As(err, &ve) || len(ve.Fields) != 1 {
					t.Fatalf("err = %v, want one *ValidationError field", err)
				}
				// Past eight segments a path is cut and ends in "…".
				field := ve.Fields[0].Field
				if cut := strings.HasSuffix(tt.field, "…"); cut && strings.HasSuffix(field, "…") && strings.HasPrefix(field, strings.TrimSuffix(tt.field, "…")) {
					field = tt.field
				}
				if field != tt.field || !strings.Contains(ve.Fields[0].Message, tt.msg) {
					t.Errorf("field %q: %q, want %q: …%s…", ve.Fields[0].Field, ve.Fields[0].Message, tt.field, tt.msg)
				}
			}
		})
	}
	if m, ok := self["self"].(map[string]any); !ok || len(m) != 2 {
		t.Error("the caller's value was modified")
	}
}

// TestEncoderAcceptsDepthUpToTheLimit pins where the line is: MaxDepth levels
// are sent, one more is refused.
func TestEncoderAcceptsDepthUpToTheLimit(t *testing.T) {
	nest := func(levels int) map[string]any {
		root := map[string]any{}
		cur := root
		for range levels - 1 {
			next := map[string]any{}
			cur["n"] = next
			cur = next
		}
		cur["leaf"] = 1
		return root
	}
	if _, err := Normalize("op", "data", nest(MaxDepth)); err != nil {
		t.Errorf("%d levels: %v", MaxDepth, err)
	}
	if _, err := Normalize("op", "data", nest(MaxDepth+1)); err == nil {
		t.Errorf("%d levels accepted", MaxDepth+1)
	}
}

// TestEncoderRefusesCycleInsideStruct pins that a cycle hidden in a struct field
// is a *ValidationError naming where it closes.
func TestEncoderRefusesCycleInsideStruct(t *testing.T) {
	type holder struct{ M map[string]any }
	m := map[string]any{}
	m["m"] = m
	_, err := Encode("op", holder{M: m})
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "M.m" || !strings.Contains(err.Error(), "refers back to M") {
		t.Errorf("err = %v, want a *ValidationError for M.m referring back to M", err)
	}
}

// TestCyclicBodyIsRefusedBeforeAnyRequest pins that Do sends nothing for a body
// that contains itself.
func TestCyclicBodyIsRefusedBeforeAnyRequest(t *testing.T) {
	rec := &recorder{}
	c, _ := newTestClient(t, rec, Bearer("k"))
	m := map[string]any{}
	m["self"] = m
	_, err := c.Do(t.Context(), &Request{Op: "track.Identify", Method: http.MethodPut, Path: "/api/v1/customers/u", Body: m})
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "self" {
		t.Errorf("err = %v, want a *ValidationError for self", err)
	}
	if n := len(rec.requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
