package trackv2

import (
	"encoding/json"
	customerio "github.com/gocustomerio/customerio"
	"strconv"
	"testing"
)

// benchOps is a realistic batch: per person, an identify with a few profile
// attributes followed by events with small payloads, events without an id of
// their own.
func benchOps(n int) []Op {
	ops := make([]Op, 0, n)
	for i := 0; len(ops) < n; i++ {
		id := "user-" + strconv.Itoa(i)
		if i%4 == 0 {
			ops = append(ops, IdentifyPerson(customerio.ByID(id), map[string]any{
				"email":      id + "@example.com",
				"first_name": "Ada",
				"plan":       "pro",
				"created_at": int64(1700000000 + i),
				"seats":      12,
			}))
			continue
		}
		ops = append(ops, TrackPersonEvent(customerio.ByID(id), "purchased", map[string]any{
			"product":  "sku-" + strconv.Itoa(i%97),
			"price":    19.99,
			"currency": "EUR",
			"quantity": i%5 + 1,
		}))
	}
	return ops
}

// baselineOp is the same operation as a plain Go value for encoding/json, the
// way a program without this package would build it.
type baselineOp struct {
	Type        string                 `json:"type"`
	Action      string                 `json:"action"`
	Identifiers customerio.Identifiers `json:"identifiers"`
	Name        string                 `json:"name,omitempty"`
	ID          string                 `json:"id,omitempty"`
	Attributes  map[string]any         `json:"attributes"`
}

type baselineBatch struct {
	Batch []baselineOp `json:"batch"`
}

// baselineOf converts ops to the baseline value, with the event ids our
// encoding would generate already in place, so both produce the same bytes.
func baselineOf(ops []Op) baselineBatch {
	out := baselineBatch{Batch: make([]baselineOp, len(ops))}
	for i, op := range ops {
		b := baselineOp{Type: string(op.Type), Action: string(op.Action), Identifiers: op.Identifiers.(customerio.Identifiers), Name: op.Name, Attributes: op.Attributes}
		if op.Action == ActionEvent {
			b.ID = NewEventID()
		}
		out.Batch[i] = b
	}
	return out
}

func BenchmarkBatchEncode(b *testing.B) {
	ops := benchOps(1000)
	b.ReportAllocs()
	for b.Loop() {
		body, items, err := encodeBatch("bench", ops)
		if err != nil {
			b.Fatal(err)
		}
		if spans := splitBatch(items); len(spans) != 1 || spans[0].size != len(body) {
			b.Fatalf("spans %v for a body of %d bytes", spans, len(body))
		}
	}
}

func BenchmarkBatchEncodeJSONMarshal(b *testing.B) {
	v := baselineOf(benchOps(1000))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(v); err != nil {
			b.Fatal(err)
		}
	}
}
