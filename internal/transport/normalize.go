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
	out, _, err := normalize(v)
	if err != nil {
		return nil, err.validationError(op, field)
	}
	return out, nil
}

// NormalizeMap is Normalize for the common map[string]any case.
func NormalizeMap(op, field string, m map[string]any) (map[string]any, error) {
	if m == nil {
		return nil, nil
	}
	out, changed, err := normalizeMap(m)
	if err != nil {
		return nil, err.validationError(op, field)
	}
	if !changed {
		return m, nil
	}
	return out, nil
}

func normalize(v any) (any, bool, *badNumber) {
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
		return normalizeMap(x)
	case []any:
		out, changed, err := normalizeSlice(x)
		if err != nil || !changed {
			// Returning v, not x, avoids boxing the slice header again.
			return v, false, err
		}
		return out, true, nil
	case []map[string]any:
		var out []map[string]any
		for i, m := range x {
			nm, changed, err := normalizeMap(m)
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
	return normalizeReflect(reflect.ValueOf(v))
}

func normalizeMap(m map[string]any) (map[string]any, bool, *badNumber) {
	var out map[string]any
	for k, v := range m {
		nv, changed, err := normalize(v)
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

func normalizeSlice(s []any) ([]any, bool, *badNumber) {
	var out []any
	for i, v := range s {
		nv, changed, err := normalize(v)
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
func normalizeReflect(rv reflect.Value) (any, bool, *badNumber) {
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
		nv, changed, err := normalize(rv.Elem().Interface())
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
		var out map[string]any
		iter := rv.MapRange()
		for iter.Next() {
			k := iter.Key().String()
			nv, changed, err := normalize(iter.Value().Interface())
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
		var out []any
		for i := range rv.Len() {
			nv, changed, err := normalize(rv.Index(i).Interface())
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

func checkFloat(f float64) *badNumber {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return &badNumber{value: f}
	}
	return nil
}

// badNumber is a NaN or infinity found while walking a value. Its path is built
// only on failure, segment by segment as the walk unwinds, so the walk itself
// allocates nothing for paths.
type badNumber struct {
	value    float64
	reversed []string
}

func (b *badNumber) at(seg string) *badNumber {
	b.reversed = append(b.reversed, seg)
	return b
}

func (b *badNumber) validationError(op, field string) error {
	path := field
	for i := len(b.reversed) - 1; i >= 0; i-- {
		seg := b.reversed[i]
		if seg[0] != '[' && path != "" {
			path += "."
		}
		path += seg
	}
	return validate.Field(op, path, "%v cannot be sent: JSON has no NaN or infinity", b.value)
}

func keySeg(k string) string {
	if k == "" || k[0] == '[' {
		return strconv.Quote(k)
	}
	return k
}

func indexSeg(i int) string { return "[" + strconv.Itoa(i) + "]" }
