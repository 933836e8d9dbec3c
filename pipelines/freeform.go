package pipelines

import (
	stdencoding "encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/validate"
)

// maxNesting is how many objects and arrays deep a free-form value (traits,
// properties, context, integrations) may nest below its field. Real payloads
// nest a handful of levels; a value deeper than this is a mistake, most often
// a map or slice that contains itself, which encoding/json would chase for a
// thousand levels before giving up.
const maxNesting = 64

// maxNodes bounds the map entries, array elements and pointers a free-form
// value may hold. Each of them encodes to at least one byte, so a value with
// more cannot fit in customerio.MaxEntityBytes anyway; the bound keeps the
// check linear even for a value that shares one sub-map many times over,
// which would encode to an exponential number of bytes.
const maxNodes = customerio.MaxEntityBytes

// checkFreeform refuses, before anything is encoded, a free-form value that
// Data Pipelines could never receive: one that contains itself, nests deeper
// than maxNesting, holds more than maxNodes values, or holds a NaN, an
// infinity, a channel, a function or a complex number. The error names the
// path of the value at fault, such as "properties.self" for a map holding
// itself under "self".
//
// A first pass, allocation-free and in map order, only tells whether v is
// valid; only when it is not does a second pass, in sorted key order, find
// the path to report, so that the same value is always reported the same way.
func checkFreeform(op, field string, v any) error {
	if v == nil {
		return nil
	}
	w := walker{}
	if w.quick(v, 0) {
		return nil
	}
	w = walker{explain: true}
	w.slow(reflect.ValueOf(v), 0, field)
	if w.path == "" {
		// The passes disagree only for values changed concurrently.
		return validate.Field(op, field, "cannot be encoded as JSON")
	}
	return validate.Field(op, w.path, "%s", w.reason)
}

// walker is the state of one check of a free-form value.
type walker struct {
	nodes int
	// explain is set on the slow pass, which records the first fault.
	explain bool
	path    string
	reason  string
	// ancestors are the maps, slices and pointers from the root to the value
	// being visited, with their paths, so that a cycle is reported where it
	// closes.
	ancestors []ancestor
}

type ancestor struct {
	ptr  uintptr
	len  int
	path string
}

// quick reports whether v is valid, for the common shapes without reflection.
func (w *walker) quick(v any, depth int) bool {
	switch v := v.(type) {
	case nil, string, bool, int, int64, int32, uint, uint64, uint32, json.Number, json.RawMessage, time.Time:
		return true
	case float64:
		return !math.IsNaN(v) && !math.IsInf(v, 0)
	case float32:
		f := float64(v)
		return !math.IsNaN(f) && !math.IsInf(f, 0)
	case map[string]any:
		return w.quickMap(v, depth)
	case Properties:
		return w.quickMap(v, depth)
	case Traits:
		return w.quickMap(v, depth)
	case Context:
		return w.quickMap(v, depth)
	case Integrations:
		return w.quickMap(v, depth)
	case []any:
		if depth >= maxNesting {
			return false
		}
		w.nodes += len(v)
		if w.nodes > maxNodes {
			return false
		}
		for _, e := range v {
			if !w.quick(e, depth+1) {
				return false
			}
		}
		return true
	case json.Marshaler, stdencoding.TextMarshaler:
		return true
	}
	return w.slow(reflect.ValueOf(v), depth, "")
}

func (w *walker) quickMap(m map[string]any, depth int) bool {
	if depth >= maxNesting {
		return false
	}
	w.nodes += len(m)
	if w.nodes > maxNodes {
		return false
	}
	for _, e := range m {
		if !w.quick(e, depth+1) {
			return false
		}
	}
	return true
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[stdencoding.TextMarshaler]()
)

// fail records the first fault, on the slow pass.
func (w *walker) fail(path, format string, args ...any) bool {
	if w.explain && w.path == "" {
		w.path, w.reason = path, fmt.Sprintf(format, args...)
	}
	return false
}

// slow reports whether v is valid, visiting it by reflection: map keys in
// sorted order when explaining, struct fields as encoding/json sees them.
// path is only built when explaining.
func (w *walker) slow(v reflect.Value, depth int, path string) bool {
	if !v.IsValid() {
		return true
	}
	t := v.Type()
	if t.Implements(marshalerType) || t.Implements(textMarshalerType) {
		return true
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return w.fail(path, "%v cannot be sent: JSON has no NaN or infinity", f)
		}
		return true
	case reflect.Chan, reflect.Func, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer:
		return w.fail(path, "a %s cannot be encoded as JSON", t)
	case reflect.Interface:
		if v.IsNil() {
			return true
		}
		return w.slow(v.Elem(), depth, path)
	case reflect.Pointer:
		if v.IsNil() {
			return true
		}
		if !w.enter(v.Pointer(), 0, depth, path) {
			return false
		}
		ok := w.slow(v.Elem(), depth, path)
		w.leave()
		return ok
	case reflect.Map:
		if v.IsNil() {
			return true
		}
		if !w.enter(v.Pointer(), 0, depth, path) || !w.count(v.Len(), path) {
			return false
		}
		ok := w.slowMap(v, depth, path)
		w.leave()
		return ok
	case reflect.Slice:
		if v.IsNil() || t.Elem().Kind() == reflect.Uint8 {
			return true // bytes are base64 text
		}
		if !w.enter(v.Pointer(), v.Len(), depth, path) {
			return false
		}
		ok := w.slowElems(v, depth, path)
		w.leave()
		return ok
	case reflect.Array:
		if depth >= maxNesting {
			return w.fail(path, "nests more than %d levels deep", maxNesting)
		}
		return w.slowElems(v, depth, path)
	case reflect.Struct:
		if depth >= maxNesting {
			return w.fail(path, "nests more than %d levels deep", maxNesting)
		}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if !w.slow(v.Field(i), depth+1, w.join(path, name)) {
				return false
			}
		}
	}
	return true
}

// enter pushes a map, slice or pointer onto the path, refusing it when it is
// one of its own ancestors (a cycle) or lies too deep.
func (w *walker) enter(ptr uintptr, n, depth int, path string) bool {
	for _, a := range w.ancestors {
		if a.ptr == ptr && a.len == n {
			if a.path == "" {
				return w.fail(path, "contains itself: JSON cannot encode a cycle")
			}
			return w.fail(path, "contains itself (%s): JSON cannot encode a cycle", a.path)
		}
	}
	if depth >= maxNesting {
		return w.fail(path, "nests more than %d levels deep", maxNesting)
	}
	w.ancestors = append(w.ancestors, ancestor{ptr, n, path})
	return true
}

func (w *walker) leave() { w.ancestors = w.ancestors[:len(w.ancestors)-1] }

func (w *walker) count(n int, path string) bool {
	w.nodes += n
	if w.nodes > maxNodes {
		return w.fail(path, "holds more than %d values: it cannot fit in %d bytes", maxNodes, customerio.MaxEntityBytes)
	}
	return true
}

func (w *walker) slowMap(v reflect.Value, depth int, path string) bool {
	keys := v.MapKeys()
	if !w.explain {
		for _, k := range keys {
			if !w.slow(v.MapIndex(k), depth+1, "") {
				return false
			}
		}
		return true
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = fmt.Sprint(k.Interface())
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(names[a], names[b]) })
	for _, i := range order {
		if !w.slow(v.MapIndex(keys[i]), depth+1, w.join(path, names[i])) {
			return false
		}
	}
	return true
}

func (w *walker) slowElems(v reflect.Value, depth int, path string) bool {
	if !w.count(v.Len(), path) {
		return false
	}
	for i := range v.Len() {
		p := ""
		if w.explain {
			p = path + "[" + strconv.Itoa(i) + "]"
		}
		if !w.slow(v.Index(i), depth+1, p) {
			return false
		}
	}
	return true
}

// join appends key to path, when explaining.
func (w *walker) join(path, key string) string {
	if !w.explain {
		return ""
	}
	return joinPath(path, key)
}
