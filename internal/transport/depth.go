package transport

import (
	"reflect"
	"unsafe"

	"github.com/gocustomerio/customerio/internal/validate"
)

// MaxDepth is how deeply the maps, slices and pointers of a free-form value
// (attributes, event data, message data) may nest. A value nested deeper, which
// in practice means a map or slice that contains itself, is a
// *customerio.ValidationError before anything is sent, instead of a walk that
// never ends. encoding/json starts looking for cycles at the same depth, and
// the Track v2 encoder refuses at the same depth too, so every client of this
// module draws the line in one place; no Customer.io payload comes near it.
const MaxDepth = 1000

// explainDepth is the error for a value that nests past MaxDepth: it walks the
// value again, this time remembering the containers on the current path, and
// names the reference that leads back into one of them ("data.self refers back
// to data"). Without a cycle it names the path where the limit was reached.
// It runs only after a walk has failed, so its bookkeeping costs the common case
// nothing.
func explainDepth(op, field string, root any) error {
	f := cycleFinder{onPath: map[containerID]int{}, done: map[containerID]bool{}}
	if f.walk(reflect.ValueOf(root), 0) {
		if f.ancestor >= 0 {
			back := joinPath(field, f.path[:f.ancestor], false)
			if back == "" {
				back = "the value itself"
			}
			return validate.Field(op, joinPath(field, f.path, false), "refers back to %s: a map, slice or pointer cannot contain itself", back)
		}
	}
	shown := f.deepest
	const maxShown = 8
	suffix := ""
	if len(shown) > maxShown {
		shown, suffix = shown[:maxShown], "…"
	}
	return validate.Field(op, joinPath(field, shown, false)+suffix, "nested more than %d levels deep", MaxDepth)
}

// containerID identifies a map, slice or pointer by what it points to (and, for
// a slice, its length and element type, since slices may share an array).
type containerID struct {
	ptr  unsafe.Pointer
	n    int
	kind reflect.Kind
	typ  reflect.Type
}

// cycleFinder is a depth-first walk over the same containers normalize visits.
// onPath maps each container on the current path to its depth; done holds
// containers fully explored without a cycle, so shared subvalues are walked once.
type cycleFinder struct {
	onPath   map[containerID]int
	done     map[containerID]bool
	path     []string
	deepest  []string
	ancestor int
}

// walk reports whether it found a cycle; f.path then leads to the reference that
// closes it and f.ancestor is the depth of the container it refers back to.
func (f *cycleFinder) walk(rv reflect.Value, depth int) bool {
	for rv.IsValid() && rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return false
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return false
	}
	var id containerID
	switch rv.Kind() {
	case reflect.Map, reflect.Pointer:
		if rv.IsNil() {
			return false
		}
		id = containerID{ptr: rv.UnsafePointer(), kind: rv.Kind(), typ: rv.Type()}
	case reflect.Slice:
		if rv.Len() == 0 {
			return false
		}
		id = containerID{ptr: rv.UnsafePointer(), n: rv.Len(), kind: reflect.Slice, typ: rv.Type()}
	case reflect.Array:
		// An array is a value: it cannot contain itself, only what it holds can.
	default:
		return false
	}
	if id.ptr != nil {
		if at, ok := f.onPath[id]; ok {
			f.ancestor = at
			return true
		}
		if f.done[id] {
			return false
		}
	}
	if depth >= MaxDepth {
		if f.deepest == nil {
			f.deepest = append([]string(nil), f.path...)
		}
		return false
	}
	if id.ptr != nil {
		f.onPath[id] = depth
		defer func() {
			delete(f.onPath, id)
			f.done[id] = true
		}()
	}
	switch rv.Kind() {
	case reflect.Pointer:
		return f.walk(rv.Elem(), depth+1)
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return false
		}
		iter := rv.MapRange()
		for iter.Next() {
			f.path = append(f.path, keySeg(iter.Key().String()))
			if f.walk(iter.Value(), depth+1) {
				return true
			}
			f.path = f.path[:len(f.path)-1]
		}
	case reflect.Slice, reflect.Array:
		for i := range rv.Len() {
			f.path = append(f.path, indexSeg(i))
			if f.walk(rv.Index(i), depth+1) {
				return true
			}
			f.path = f.path[:len(f.path)-1]
		}
	}
	return false
}
