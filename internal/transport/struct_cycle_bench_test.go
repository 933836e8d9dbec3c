package transport

import "testing"

// BenchmarkRefuseCycleThroughStruct is the refusal of a value that contains
// itself through a struct, beside a 260-level chain of maps; its baseline,
// BenchmarkNormalizeChainBaseline, normalizes the same chain without the
// cycle: refusing should cost a small multiple of one walk of the value.
func BenchmarkRefuseCycleThroughStruct(b *testing.B) {
	v := map[string]any{"chain": chain(260)}
	v["x"] = holder{M: v}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NormalizeMap("op", "attrs", v); err == nil {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkNormalizeChainBaseline(b *testing.B) {
	v := map[string]any{"chain": chain(260)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NormalizeMap("op", "attrs", v); err != nil {
			b.Fatal(err)
		}
	}
}
