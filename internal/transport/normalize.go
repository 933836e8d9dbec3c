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
//
// The caller's value is never modified: containers on the path to a converted time
// are copied, everything else is shared, so a value without times costs no
// allocation. Unix seconds are floored (time.Time.Unix), so a pre-1970 time with a
// fraction lands one second earlier than truncation would put it.
func Normalize(op, field string, v any) (any, error) {
	out, _, err := normalize(v, 0)
	if err != nil {
		return nil, err.validationError(op, field, v)
	}
	return out, nil
}

// NormalizeMap is Normalize for the common map[string]any case.
func NormalizeMap(op, field string, m map[string]any) (map[string]any, error) {
	if m == nil {
		return nil, nil
	}
	out, changed, err := normalizeMap(m, 0)
	if err != nil {
		return nil, err.validationError(op, field, m)
	}
	if !changed {
		return m, nil
	}
	return out, nil
}

func normalize(v any, depth int) (any, bool, *badValue) {
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
		return normalizeMap(x, depth)
	case []any:
		out, changed, err := normalizeSlice(x, depth)
		if err != nil || !changed {
			// Returning v, not x, avoids boxing the slice header again.
			return v, false, err
		}
		return out, true, nil
	case []map[string]any:
		if depth >= MaxDepth && len(x) > 0 {
			return nil, false, errTooDeep
		}
		var out []map[string]any
		for i, m := range x {
			nm, changed, err := normalizeMap(m, depth+1)
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
	return normalizeReflect(reflect.ValueOf(v), depth)
}

func normalizeMap(m map[string]any, depth int) (map[string]any, bool, *badValue) {
	if depth >= MaxDepth && len(m) > 0 {
		return nil, false, errTooDeep
	}
	var out map[string]any
	for k, v := range m {
		nv, changed, err := normalize(v, depth+1)
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

func normalizeSlice(s []any, depth int) ([]any, bool, *badValue) {
	if depth >= MaxDepth && len(s) > 0 {
		return nil, false, errTooDeep
	}
	var out []any
	for i, v := range s {
		nv, changed, err := normalize(v, depth+1)
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
// []time.Time, pointers, …). Struct values are left to encoding/json and their own
// MarshalJSON methods; a NaN inside one is still caught when encoding.
func normalizeReflect(rv reflect.Value, depth int) (any, bool, *badValue) {
	if !rv.IsValid() {
		return nil, false, nil
	}
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		return rv.Interface(), false, checkFloat(rv.Float())
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return rv.Interface(), false, nil
		}
		if rv.Elem().Type() == timeType {
			return rv.Elem().Interface().(time.Time).Unix(), true, nil
		}
		if depth >= MaxDepth {
			return nil, false, errTooDeep
		}
		nv, changed, err := normalize(rv.Elem().Interface(), depth+1)
		if err != nil {
			return nil, false, err
		}
		if !changed {
			return rv.Interface(), false, nil
		}
		return nv, true, nil
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String || !mayNeedWork(rv.Type().Elem()) {
			return rv.Interface(), false, nil
		}
		if depth >= MaxDepth && rv.Len() > 0 {
			return nil, false, errTooDeep
		}
		var out map[string]any
		iter := rv.MapRange()
		for iter.Next() {
			k := iter.Key().String()
			nv, changed, err := normalize(iter.Value().Interface(), depth+1)
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
		if depth >= MaxDepth && rv.Len() > 0 {
			return nil, false, errTooDeep
		}
		var out []any
		for i := range rv.Len() {
			nv, changed, err := normalize(rv.Index(i).Interface(), depth+1)
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
		return t == timeType
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
// MaxDepth. A number's path is built only on failure, segment by segment as the
// walk unwinds, so the walk itself allocates nothing for paths; a nesting failure
// is explained by a second walk (see explainDepth), which finds the cycle if
// there is one.
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

func (b *badValue) validationError(op, field string, root any) error {
	if b == errTooDeep {
		return explainDepth(op, field, root)
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
