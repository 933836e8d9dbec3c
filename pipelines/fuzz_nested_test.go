package pipelines_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/pipelines"
)

// fuzzValue builds a free-form value from fuzz bytes: maps, slices and
// pointer chains, leaves of every JSON kind (NaN and infinities included),
// deep chains, and references back to values already built, which make
// shared sub-values or, when they point at an ancestor, cycles.
type fuzzValue struct {
	data []byte
	// nodes are the containers built so far; open are those on the path
	// being built, whose reuse closes a cycle.
	nodes  []any
	open   map[int]bool
	cyclic bool
}

type fuzzNode struct {
	V    any       `json:"v"`
	Next *fuzzNode `json:"next,omitempty"`
}

func (f *fuzzValue) next() byte {
	if len(f.data) == 0 {
		return 0
	}
	b := f.data[0]
	f.data = f.data[1:]
	return b
}

func (f *fuzzValue) value(depth int) any {
	if len(f.data) == 0 || depth > 300 {
		return nil
	}
	switch op := f.next() % 9; op {
	case 0:
		m := map[string]any{}
		id := f.push(m)
		for i := range int(f.next() % 4) {
			m["k"+strconv.Itoa(i)] = f.value(depth + 1)
		}
		delete(f.open, id)
		return m
	case 1:
		s := make([]any, f.next()%4)
		id := f.push(s)
		for i := range s {
			s[i] = f.value(depth + 1)
		}
		delete(f.open, id)
		return s
	case 2:
		n := &fuzzNode{}
		id := f.push(n)
		n.V = f.value(depth + 1)
		if f.next()%2 == 0 {
			if back, open := f.reference(); back != nil {
				if b, ok := back.(*fuzzNode); ok {
					n.Next = b
					f.cyclic = f.cyclic || open
				}
			}
		}
		delete(f.open, id)
		return n
	case 3:
		v, open := f.reference()
		f.cyclic = f.cyclic || open
		return v
	case 4:
		return math.Float64frombits(uint64(f.next())<<56 | uint64(f.next())<<48 | 0x0000_ffff_0000_0000)
	case 5:
		// A chain of up to 510 nested slices.
		var v any = "bottom"
		for range int(f.next()) * 2 {
			v = []any{v}
		}
		return v
	case 6:
		return string(rune(f.next()))
	case 7:
		return []float32{float32(f.next()) / 7}
	}
	return int(f.next())
}

func (f *fuzzValue) push(v any) int {
	f.nodes = append(f.nodes, v)
	id := len(f.nodes) - 1
	f.open[id] = true
	return id
}

// reference returns a container built earlier, and whether it is an ancestor
// of the value being built, which makes its use a cycle.
func (f *fuzzValue) reference() (any, bool) {
	if len(f.nodes) == 0 {
		return nil, false
	}
	i := int(f.next()) % len(f.nodes)
	return f.nodes[i], f.open[i]
}

// FuzzEncodeNestedAndCyclic feeds nested, shared and cyclic values built from
// fuzz bytes to every free-form field of every message type, queued and sent
// alone, and to the default context. Each call must return promptly with nil
// or a *customerio.ValidationError of its call; a cycle is always refused;
// an accepted value is one encoding/json can encode.
func FuzzEncodeNestedAndCyclic(f *testing.F) {
	f.Add([]byte{0, 2, 3, 0, 4, 1})
	f.Add([]byte{1, 2, 3, 0, 6, 65})
	f.Add([]byte{2, 0, 0, 0})
	f.Add([]byte{5, 255})
	f.Add([]byte{0, 3, 0, 2, 3, 1, 1, 3, 3, 2, 0, 3})
	queue, err := pipelines.New(testKey, pipelines.WithDryRun())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = queue.Close(context.Background()) })
	f.Fuzz(func(t *testing.T, data []byte) {
		fv := &fuzzValue{data: data, open: map[int]bool{}}
		v := fv.value(0)
		m, _ := v.(map[string]any)
		if m == nil {
			m = map[string]any{"v": v}
		}
		ctx := context.Background()
		calls := []struct {
			op   string
			call func() error
		}{
			{"pipelines.Track", func() error {
				return queue.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Properties: m})
			}},
			{"pipelines.Identify", func() error { return queue.Identify(ctx, pipelines.Identify{UserID: "1", Traits: m}) }},
			{"pipelines.Group", func() error {
				return queue.Group(ctx, pipelines.Group{UserID: "1", GroupID: "g", Traits: m, RelationshipAttributes: m})
			}},
			{"pipelines.Page", func() error { return queue.Page(ctx, pipelines.Page{UserID: "1", Properties: m}) }},
			{"pipelines.Screen", func() error { return queue.Screen(ctx, pipelines.Screen{UserID: "1", Properties: m}) }},
			{"pipelines.Track", func() error {
				return queue.Track(ctx, pipelines.Track{UserID: "1", Event: "e", Context: m})
			}},
			{"pipelines.Alias", func() error {
				return queue.Alias(ctx, pipelines.Alias{UserID: "1", PreviousID: "0", Integrations: m})
			}},
			{"pipelines.Send", func() error {
				return queue.Send(ctx, pipelines.Screen{UserID: "1", Properties: m, Context: m, Integrations: m})
			}},
			{"pipelines.New", func() error {
				c, err := pipelines.New(testKey, pipelines.WithDryRun(), pipelines.WithDefaultContext(m))
				if err == nil {
					_ = c.Close(ctx)
				}
				return err
			}},
		}
		for _, c := range calls {
			err := c.call()
			var ve *customerio.ValidationError
			switch {
			case err == nil && fv.cyclic:
				t.Fatalf("%s accepted a cyclic value", c.op)
			case err == nil:
				if _, jerr := json.Marshal(m); jerr != nil {
					t.Fatalf("%s accepted a value encoding/json refuses: %v", c.op, jerr)
				}
			case !errors.As(err, &ve) || ve.Op != c.op:
				t.Fatalf("%s: %v, want nil or a ValidationError", c.op, err)
			}
		}
	})
}
