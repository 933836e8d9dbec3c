package batch

import (
	"bytes"
	"testing"
	"unsafe"
)

// TestSlabCopiesAreIndependent pins what the engine relies on: a copy keeps
// its bytes when the caller reuses its buffer, cannot grow into the next copy,
// and small copies share chunks while a large one gets its own.
func TestSlabCopiesAreIndependent(t *testing.T) {
	var s Slab
	buf := []byte(`{"a":1}`)
	first := s.Copy(buf)
	copy(buf, `{"b":2}`)
	second := s.Copy(buf)
	if string(first) != `{"a":1}` || string(second) != `{"b":2}` {
		t.Fatalf("copies %q and %q, want the bytes at each call", first, second)
	}
	if cap(first) != len(first) {
		t.Errorf("a copy's capacity is %d for %d bytes: an append would reach the next copy", cap(first), len(first))
	}
	_ = append(first, 'x')
	if string(second) != `{"b":2}` {
		t.Errorf("appending to one copy changed the next: %q", second)
	}
	if unsafe.SliceData(second) != (*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(first)), len(first))) {
		t.Errorf("two small copies are not cut from one chunk")
	}
	large := bytes.Repeat([]byte("x"), slabChunk/4+1)
	if got := s.Copy(large); cap(got) != len(large) || !bytes.Equal(got, large) {
		t.Errorf("a large item: cap %d for %d bytes, want a slice of its own", cap(got), len(large))
	}
	third := s.Copy([]byte("3"))
	if unsafe.SliceData(third) != (*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(second)), len(second))) {
		t.Errorf("a large item broke the run of small copies in the chunk")
	}
}

// TestSlabStartsAChunkWhenTheItemDoesNotFit pins that an item is never split
// across chunks.
func TestSlabStartsAChunkWhenTheItemDoesNotFit(t *testing.T) {
	var s Slab
	item := bytes.Repeat([]byte("y"), slabChunk/4)
	for range 10 {
		if got := s.Copy(item); !bytes.Equal(got, item) {
			t.Fatalf("copy of %d bytes came back as %d", len(item), len(got))
		}
	}
}
