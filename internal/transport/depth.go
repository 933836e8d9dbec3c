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

// checkShape is the check of a value that nests deeper than ShallowDepth, or
// past MaxDepth: it walks root, which lies depth levels down, remembering the
// containers on the current path and how deep the ones it has finished reach,
// so that it visits each map, slice and pointer once, and finds a cycle in time
// linear in the value's size. It returns nil when the value neither contains
// itself nor nests past MaxDepth. Otherwise the error names the reference that
// leads back into a container on its path ("data.self refers back to data"),
// or the path where the limit is reached.
func checkShape(op, field string, root any, depth int) error {
	f := shapeWalker{onPath: map[containerID]int{}, reach: map[containerID]int{}, ancestor: -1}
	f.walk(reflect.ValueOf(root), depth, false)
	switch {
	case f.ancestor >= 0:
		back := joinPath(field, f.path[:f.ancestor], false)
		if back == "" {
			back = "the value itself"
		}
		return validate.Field(op, joinPath(field, f.path, false), "refers back to %s: a map, slice, struct or pointer cannot contain itself", back)
	case f.tooDeep:
		shown := f.path
		const maxShown = 8
		suffix := ""
		if len(shown) > maxShown || f.cut {
			shown, suffix = shown[:min(len(shown), maxShown)], "…"
		}
		return validate.Field(op, joinPath(field, shown, false)+suffix, "nested more than %d levels deep", MaxDepth)
	}
	return nil
}

// containerID identifies a map, slice or pointer by what it points to (and, for
// a slice, its length and element type, since slices may share an array). For
// what lies below it, whether it was reached inside a struct, where marshaling
// types are leaves, counts too; for a cycle it does not.
type containerID struct {
	ptr     unsafe.Pointer
	n       int
	kind    reflect.Kind
	typ     reflect.Type
	checked bool
}

// shapeWalker is a depth-first walk over the same values normalize and
// checkValue visit, counting levels as they do.
type shapeWalker struct {
	// onPath maps each container on the current path to the length of path
	// when it was entered.
	onPath map[containerID]int
	// reach maps each container walked to the end to how many levels below it
	// the deepest container that holds something lies, so that a container
	// met again is not walked again.
	reach map[containerID]int
	path  []string
	// ancestor is, after a cycle, the length of path at the container the
	// last reference leads back to; -1 otherwise.
	ancestor int
	// tooDeep is set when the walk met a container holding something at
	// MaxDepth; path leads to it, or (cut) to a container known to reach it.
	tooDeep, cut bool
}

func (f *shapeWalker) stopped() bool { return f.ancestor >= 0 || f.tooDeep }

// walk returns how many levels below rv the deepest container that holds
// something lies (0 for rv itself, -1 when rv holds nothing that nests); it
// stops, f.stopped(), at a cycle or at nesting past MaxDepth. checked is set
// inside a struct, where values are walked as checkValue walks them.
func (f *shapeWalker) walk(rv reflect.Value, depth int, checked bool) int {
	for rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return -1
		}
		rv = rv.Elem()
	}
	kind := rv.Kind()
	switch kind {
	case reflect.Map, reflect.Slice, reflect.Array, reflect.Pointer, reflect.Struct:
	default:
		return -1
	}
	t := rv.Type()
	if t == timeType || kind == reflect.Pointer && t.Elem() == timeType {
		return -1
	}
	if kind == reflect.Struct || kind == reflect.Pointer && t.Elem().Kind() == reflect.Struct ||
		kind == reflect.Map && t.Key().Kind() != reflect.String && mayNeedWork(t.Elem()) {
		checked = true
	}
	var info *typeInfo
	if checked {
		if info = infoFor(t); info.leaf {
			return -1
		}
	}
	var id containerID
	switch kind {
	case reflect.Map, reflect.Slice, reflect.Array:
		if rv.Len() == 0 || !checked && !mayNeedWork(t.Elem()) || checked && kind == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			return -1
		}
		if kind != reflect.Array {
			id = containerID{ptr: rv.UnsafePointer(), n: rv.Len(), kind: kind, typ: t, checked: checked}
		}
		if kind == reflect.Map {
			id.n = 0
		}
	case reflect.Pointer:
		if rv.IsNil() {
			return -1
		}
		id = containerID{ptr: rv.UnsafePointer(), kind: kind, typ: t, checked: checked}
	case reflect.Struct:
		// A struct is a value: it cannot contain itself, only what it holds can.
		if len(info.fields) == 0 {
			return -1
		}
	}
	onPath := id
	onPath.checked = false
	if id.ptr != nil {
		if at, ok := f.onPath[onPath]; ok {
			f.ancestor = at
			return 0
		}
		if r, ok := f.reach[id]; ok {
			if depth+r >= MaxDepth {
				f.tooDeep, f.cut = true, true
			}
			return r
		}
	}
	if depth >= MaxDepth {
		f.tooDeep = true
		return 0
	}
	if id.ptr != nil {
		f.onPath[onPath] = len(f.path)
	}
	reach := 0
	child := func(v reflect.Value, seg string) bool {
		if seg != "" {
			f.path = append(f.path, seg)
		}
		r := f.walk(v, depth+1, checked)
		if f.stopped() {
			return false
		}
		if seg != "" {
			f.path = f.path[:len(f.path)-1]
		}
		reach = max(reach, r+1)
		return true
	}
	switch kind {
	case reflect.Pointer:
		child(rv.Elem(), "")
	case reflect.Map:
		iter := rv.MapRange()
		for iter.Next() && child(iter.Value(), mapKeySeg(iter.Key())) {
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len() && child(rv.Index(i), indexSeg(i)); i++ {
		}
	case reflect.Struct:
		for _, fi := range info.fields {
			if fv, ok := fieldValue(rv, fi.index); ok && !child(fv, keySeg(fi.name)) {
				break
			}
		}
	}
	if f.stopped() {
		return 0
	}
	if id.ptr != nil {
		delete(f.onPath, onPath)
		f.reach[id] = reach
	}
	return reach
}
