package transport

import (
	"math"
	"reflect"
	"strconv"
	"time"

	"github.com/gocustomerio/customerio/internal/validate"
)

// Normalize prepares a free-form value (attributes, event data, message data) for
// the wire: every time.Time or *time.Time at any depth of its maps and slices
// becomes integer Unix seconds, as Customer.io expects, and a NaN or infinite
// float anywhere is a *customerio.ValidationError naming its path under field.
// Structs are walked the way encoding/json will write them (see checkValue) but
// not changed: a time in a struct is written by its own MarshalJSON.
//
// The caller's value is never modified: containers on the path to a converted time
// are copied, everything else is shared, so a value without times costs no
// allocation. Unix seconds are floored (time.Time.Unix), so a pre-1970 time with a
// fraction lands one second earlier than truncation would put it.
func Normalize(op, field string, v any) (any, error) {
	return NormalizeBelow(op, field, v, 0)
}

// NormalizeBelow is Normalize for a value that lies depth levels down in the
// value being sent, so that its nesting counts towards MaxDepth from there.
func NormalizeBelow(op, field string, v any, depth int) (any, error) {
	out, _, err := normalizeValue(op, field, v, depth)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// NormalizeMap is Normalize for the common map[string]any case.
func NormalizeMap(op, field string, m map[string]any) (map[string]any, error) {
	if m == nil {
		return nil, nil
	}
	out, changed, err := normalizeValue(op, field, m, 0)
	if err != nil {
		return nil, err
	}
	if !changed {
		return m, nil
	}
	return out.(map[string]any), nil
}

// ShallowDepth is how deep a first, bookkeeping-free walk of a free-form value
// goes. Real values nest a handful of levels; one that goes deeper is checked
// by a walk that remembers the containers it has seen (checkShape), which
// finds a cycle in time linear in the value's size. Without that, a value that
// contains itself would be walked round its cycle until MaxDepth, walking
// everything beside the cycle again on every turn.
const ShallowDepth = 64

// normalizeValue normalizes v, which lies depth levels down: first as deep as
// ShallowDepth; past that only once checkShape has found neither a cycle nor
// nesting past MaxDepth.
func normalizeValue(op, field string, v any, depth int) (any, bool, error) {
	limit := min(depth+ShallowDepth, MaxDepth)
	out, changed, bad := normalize(v, depth, limit)
	if bad == errTooDeep && limit < MaxDepth {
		if err := checkShape(op, field, v, depth); err != nil {
			return nil, false, err
		}
		out, changed, bad = normalize(v, depth, MaxDepth)
	}
	if bad != nil {
		return nil, false, bad.validationError(op, field, v, depth)
	}
	return out, changed, nil
}

func normalize(v any, depth, limit int) (any, bool, *badValue) {
	switch x := v.(type) {
	case nil, string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
		[]string, map[string]string, []int, []int64:
		return v, false, nil
	case float64:
		return v, false, checkFloat(x)
	case float32:
		return v, false, checkFloat(float64(x))
	case time.Time:
		return x.Unix(), true, nil
	case *time.Time:
		if x == nil {
			return v, false, nil
		}
		return x.Unix(), true, nil
	case map[string]any:
		return normalizeMap(x, depth, limit)
	case []any:
		out, changed, err := normalizeSlice(x, depth, limit)
		if err != nil || !changed {
			// Returning v, not x, avoids boxing the slice header again.
			return v, false, err
		}
		return out, true, nil
	case []map[string]any:
		if depth >= limit && len(x) > 0 {
			return nil, false, errTooDeep
		}
		var out []map[string]any
		for i, m := range x {
			nm, changed, err := normalizeMap(m, depth+1, limit)
			if err != nil {
				return nil, false, err.at(indexSeg(i))
			}
			if changed {
				if out == nil {
					out = append([]map[string]any(nil), x...)
				}
				out[i] = nm
			}
		}
		if out == nil {
			return v, false, nil
		}
		return out, true, nil
	}
	return normalizeReflect(reflect.ValueOf(v), depth, limit)
}

func normalizeMap(m map[string]any, depth, limit int) (map[string]any, bool, *badValue) {
	if depth >= limit && len(m) > 0 {
		return nil, false, errTooDeep
	}
	var out map[string]any
	for k, v := range m {
		nv, changed, err := normalize(v, depth+1, limit)
		if err != nil {
			return nil, false, err.at(keySeg(k))
		}
		if changed {
			if out == nil {
				out = make(map[string]any, len(m))
				for k2, v2 := range m {
					out[k2] = v2
				}
			}
			out[k] = nv
		}
	}
	if out == nil {
		return m, false, nil
	}
	return out, true, nil
}

func normalizeSlice(s []any, depth, limit int) ([]any, bool, *badValue) {
	if depth >= limit && len(s) > 0 {
		return nil, false, errTooDeep
	}
	var out []any
	for i, v := range s {
		nv, changed, err := normalize(v, depth+1, limit)
		if err != nil {
			return nil, false, err.at(indexSeg(i))
		}
		if changed {
			if out == nil {
				out = append([]any(nil), s...)
			}
			out[i] = nv
		}
	}
	if out == nil {
		return s, false, nil
	}
	return out, true, nil
}

var timeType = reflect.TypeFor[time.Time]()

// normalizeReflect handles the less common container types (map[string]float64,
// []time.Time, pointers, …). Struct values, pointers to them and maps whose keys
// are not strings are only checked (checkValue), and left to encoding/json and
// their own MarshalJSON methods to write.
func normalizeReflect(rv reflect.Value, depth, limit int) (any, bool, *badValue) {
	if !rv.IsValid() {
		return nil, false, nil
	}
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		return rv.Interface(), false, checkFloat(rv.Float())
	case reflect.Struct:
		return rv.Interface(), false, checkValue(rv, depth, limit)
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return rv.Interface(), false, nil
		}
		if rv.Elem().Type() == timeType {
			return rv.Elem().Interface().(time.Time).Unix(), true, nil
		}
		if rv.Kind() == reflect.Pointer && rv.Elem().Kind() == reflect.Struct {
			return rv.Interface(), false, checkValue(rv, depth, limit)
		}
		if depth >= limit {
			return nil, false, errTooDeep
		}
		nv, changed, err := normalize(rv.Elem().Interface(), depth+1, limit)
		if err != nil {
			return nil, false, err
		}
		if !changed {
			return rv.Interface(), false, nil
		}
		return nv, true, nil
	case reflect.Map:
		if !mayNeedWork(rv.Type().Elem()) {
			return rv.Interface(), false, nil
		}
		if rv.Type().Key().Kind() != reflect.String {
			return rv.Interface(), false, checkValue(rv, depth, limit)
		}
		if depth >= limit && rv.Len() > 0 {
			return nil, false, errTooDeep
		}
		var out map[string]any
		iter := rv.MapRange()
		for iter.Next() {
			k := iter.Key().String()
			nv, changed, err := normalize(iter.Value().Interface(), depth+1, limit)
			if err != nil {
				return nil, false, err.at(keySeg(k))
			}
			if changed && out == nil {
				out = make(map[string]any, rv.Len())
				all := rv.MapRange()
				for all.Next() {
					out[all.Key().String()] = all.Value().Interface()
				}
			}
			if changed {
				out[k] = nv
			}
		}
		if out == nil {
			return rv.Interface(), false, nil
		}
		return out, true, nil
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() || !mayNeedWork(rv.Type().Elem()) {
			return rv.Interface(), false, nil
		}
		if depth >= limit && rv.Len() > 0 {
			return nil, false, errTooDeep
		}
		var out []any
		for i := range rv.Len() {
			nv, changed, err := normalize(rv.Index(i).Interface(), depth+1, limit)
			if err != nil {
				return nil, false, err.at(indexSeg(i))
			}
			if changed && out == nil {
				out = make([]any, rv.Len())
				for j := range rv.Len() {
					out[j] = rv.Index(j).Interface()
				}
			}
			if changed {
				out[i] = nv
			}
		}
		if out == nil {
			return rv.Interface(), false, nil
		}
		return out, true, nil
	}
	return rv.Interface(), false, nil
}

// mayNeedWork reports whether values of type t can hold a time or a float.
func mayNeedWork(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64, reflect.Interface, reflect.Map, reflect.Slice, reflect.Array, reflect.Pointer:
		return true
	case reflect.Struct:
		return t == timeType || infoFor(t).walk
	}
	return false
}

func checkFloat(f float64) *badValue {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return &badValue{value: f}
	}
	return nil
}

// badValue is what stops a walk: a NaN or infinity, or (errTooDeep) nesting past
// the walk's limit. A number's path is built only on failure, segment by segment
// as the walk unwinds, so the walk itself allocates nothing for paths; a nesting
// failure is explained by checkShape, which finds the cycle if there is one.
type badValue struct {
	value    float64
	reversed []string
}

// errTooDeep is shared: it carries no path, so unwinding leaves it untouched.
var errTooDeep = &badValue{}

func (b *badValue) at(seg string) *badValue {
	if b == errTooDeep {
		return b
	}
	b.reversed = append(b.reversed, seg)
	return b
}

// validationError is the error for b, found in root, which lies depth levels
// down.
func (b *badValue) validationError(op, field string, root any, depth int) error {
	if b == errTooDeep {
		if err := checkShape(op, field, root, depth); err != nil {
			return err
		}
		// Only a value changed while it was walked gets here.
		return validate.Field(op, field, "nested more than %d levels deep", MaxDepth)
	}
	return validate.Field(op, joinPath(field, b.reversed, true), "%v cannot be sent: JSON has no NaN or infinity", b.value)
}

// joinPath appends segs (in walk order, or reversed) to field, dotted, with
// index segments attached as they are ("data.items[2].price").
func joinPath(field string, segs []string, reversed bool) string {
	path := field
	for i := range segs {
		seg := segs[i]
		if reversed {
			seg = segs[len(segs)-1-i]
		}
		if seg[0] != '[' && path != "" {
			path += "."
		}
		path += seg
	}
	return path
}

func keySeg(k string) string {
	if k == "" || k[0] == '[' {
		return strconv.Quote(k)
	}
	return k
}

func indexSeg(i int) string { return "[" + strconv.Itoa(i) + "]" }
