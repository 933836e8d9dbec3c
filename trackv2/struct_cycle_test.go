package trackv2

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/transport"
)

// holder hides a map inside a struct.
type holder struct {
	M map[string]any
}

// chain is n maps nested under "n".
func chain(n int) map[string]any {
	root := map[string]any{}
	cur := root
	for range n - 1 {
		next := map[string]any{}
		cur["n"] = next
		cur = next
	}
	return root
}

// TestCycleThroughStructRefusedQuickly pins that attributes containing
// themselves through a struct are refused by our own walker, naming where the
// cycle closes, where encoding/json once chased the cycle for a thousand
// levels, encoding the chain beside it again on every turn, and then reported
// it without a path.
func TestCycleThroughStructRefusedQuickly(t *testing.T) {
	attrs := map[string]any{"chain": chain(260)}
	attrs["x"] = holder{M: attrs}
	_, err := encodeOp("trackv2.Send", IdentifyPerson(customerio.ByID("1"), attrs), -1)
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 {
		t.Fatalf("err = %v, want one *ValidationError field", err)
	}
	if f := ve.Fields[0]; f.Field != "attributes.x.M" || !strings.Contains(f.Message, "refers back to attributes") {
		t.Errorf("field %q: %q, want attributes.x.M referring back to attributes", f.Field, f.Message)
	}
}

// TestCycleBesideChainWrittenOnlyShallowly pins that the encoder stops
// writing a map that contains itself after transport.ShallowDepth levels,
// where it once wrote everything beside the cycle again on every turn up to
// maxDepth: the bytes it writes before refusing stay within a few
// ShallowDepth turns of the cycle.
func TestCycleBesideChainWrittenOnlyShallowly(t *testing.T) {
	side := chain(260)
	turn, err := json.Marshal(side)
	if err != nil {
		t.Fatal(err)
	}
	attrs := map[string]any{"chain": side} // "chain" sorts before "self": written first
	attrs["self"] = attrs
	op := IdentifyPerson(customerio.ByID("1"), attrs)
	e := newOpEncoder("trackv2.Send")
	_, err = e.encode(&op, -1)
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "attributes.self" {
		t.Fatalf("err = %v, want a *ValidationError for attributes.self", err)
	}
	if limit := 4 * transport.ShallowDepth * len(turn); cap(e.buf) > limit {
		t.Errorf("the encoder's buffer grew to %d bytes, want at most %d (%d turns of %d bytes)", cap(e.buf), limit, 4*transport.ShallowDepth, len(turn))
	}
}
