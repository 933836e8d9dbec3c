package transport

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// typeInfo is what the walkers need to know about a type, worked out once per
// type (typeInfos) so that walking a struct costs no reflection over its fields
// after the first value of its type.
type typeInfo struct {
	// leaf is set for a type encoding/json writes through its own MarshalJSON
	// or MarshalText (time.Time, json.RawMessage, …): what it holds is its
	// business, so the walkers do not look inside.
	leaf bool
	// fields are the fields encoding/json writes for a struct type, embedded
	// structs flattened.
	fields []fieldInfo
	// walk reports whether a value of the type can hold a float, a time or a
	// container, that is whether normalize has anything to look at in it.
	walk bool
}

// fieldInfo is one struct field as encoding/json writes it: its JSON name and
// the index path to it through embedded structs.
type fieldInfo struct {
	name  string
	index []int
}

var typeInfos sync.Map // reflect.Type → *typeInfo

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

func infoFor(t reflect.Type) *typeInfo {
	if v, ok := typeInfos.Load(t); ok {
		return v.(*typeInfo)
	}
	info := &typeInfo{leaf: marshals(t)}
	if t.Kind() == reflect.Struct && !info.leaf {
		info.fields = jsonFields(t)
		for _, f := range info.fields {
			if mayNeedWork(t.FieldByIndex(f.index).Type) {
				info.walk = true
				break
			}
		}
	}
	v, _ := typeInfos.LoadOrStore(t, info)
	return v.(*typeInfo)
}

// marshals reports whether encoding/json writes values of t with a method of
// theirs. A method on *t counts too: encoding/json uses it when the value is
// addressable, and the walkers would rather leave alone a value that
// encoding/json might not walk than refuse one it would send.
func marshals(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(marshalerType) || t.Implements(textMarshalerType) ||
		pt.Implements(marshalerType) || pt.Implements(textMarshalerType)
}

// jsonFields lists the fields encoding/json writes for the struct type t:
// exported fields not tagged `json:"-"`, with the fields of untagged embedded
// structs (or pointers to structs) promoted, and of several fields with one
// name only the one encoding/json keeps (the shallowest, else the only tagged
// one; none when that is ambiguous).
func jsonFields(t reflect.Type) []fieldInfo {
	type candidate struct {
		fieldInfo
		depth  int
		tagged bool
	}
	type level struct {
		t     reflect.Type
		index []int
	}
	var found []candidate
	visited := map[reflect.Type]bool{}
	current := []level{{t: t}}
	for depth := 0; len(current) > 0; depth++ {
		var next []level
		for _, l := range current {
			if visited[l.t] {
				continue
			}
			visited[l.t] = true
			for i := range l.t.NumField() {
				sf := l.t.Field(i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if sf.Anonymous {
					if !sf.IsExported() && ft.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, _, _ := strings.Cut(tag, ",")
				if !validTagName(name) {
					name = ""
				}
				index := append(slices.Clip(l.index), i)
				if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
					next = append(next, level{ft, index})
					continue
				}
				c := candidate{fieldInfo: fieldInfo{name: name, index: index}, depth: depth, tagged: name != ""}
				if c.name == "" {
					c.name = sf.Name
				}
				found = append(found, c)
			}
		}
		current = next
	}
	// Keep, for each name, the field encoding/json keeps.
	byName := map[string][]candidate{}
	for _, c := range found {
		byName[c.name] = append(byName[c.name], c)
	}
	var fields []fieldInfo
	for _, cs := range byName {
		shallowest := slices.MinFunc(cs, func(a, b candidate) int { return a.depth - b.depth }).depth
		var keep []candidate
		for _, c := range cs {
			if c.depth == shallowest {
				keep = append(keep, c)
			}
		}
		if len(keep) > 1 {
			keep = slices.DeleteFunc(keep, func(c candidate) bool { return !c.tagged })
		}
		if len(keep) == 1 {
			fields = append(fields, keep[0].fieldInfo)
		}
	}
	slices.SortFunc(fields, func(a, b fieldInfo) int { return slices.Compare(a.index, b.index) })
	return fields
}

// validTagName reports whether encoding/json takes name from a tag as a field
// name; it ignores a name with other punctuation.
func validTagName(name string) bool {
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !isLetterOrDigit(c):
			return false
		}
	}
	return true
}

func isLetterOrDigit(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c > 127
}

// fieldValue is the field at index in the struct v, following embedded
// pointers; ok is false when one of them is nil (encoding/json then leaves
// the field out).
func fieldValue(v reflect.Value, index []int) (_ reflect.Value, ok bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

var mapStringAnyType = reflect.TypeFor[map[string]any]()

// checkValue walks what normalize passes on unchanged to encoding/json (a
// struct, and everything it holds) for what encoding/json would refuse or
// chase: a NaN or infinity, and nesting past limit, which stands for a value
// that contains itself. It follows what encoding/json follows: the fields of
// jsonFields, map values, elements, pointers and interfaces; values of
// marshaling types are leaves. Times inside are left as encoding/json writes
// them. Like normalize, it counts every map, slice, array, struct and pointer
// as a level and allocates nothing for paths until it fails.
func checkValue(rv reflect.Value, depth, limit int) *badValue {
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		if rv.Type().PkgPath() != "" && infoFor(rv.Type()).leaf {
			return nil
		}
		return checkFloat(rv.Float())
	case reflect.Interface:
		if rv.IsNil() {
			return nil
		}
		return checkValue(rv.Elem(), depth, limit)
	case reflect.Map:
		if rv.Type() == mapStringAnyType && rv.CanInterface() {
			return checkMap(rv.Interface().(map[string]any), depth, limit)
		}
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Struct:
	default:
		return nil
	}
	info := infoFor(rv.Type())
	if info.leaf {
		return nil
	}
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return nil
		}
		if depth >= limit {
			return errTooDeep
		}
		return checkValue(rv.Elem(), depth+1, limit)
	case reflect.Struct:
		if len(info.fields) == 0 {
			return nil
		}
		if depth >= limit {
			return errTooDeep
		}
		for _, f := range info.fields {
			fv, ok := fieldValue(rv, f.index)
			if !ok {
				continue
			}
			if err := checkValue(fv, depth+1, limit); err != nil {
				return err.at(keySeg(f.name))
			}
		}
	case reflect.Map:
		if rv.Len() == 0 {
			return nil
		}
		if depth >= limit {
			return errTooDeep
		}
		iter := rv.MapRange()
		for iter.Next() {
			if err := checkValue(iter.Value(), depth+1, limit); err != nil {
				return err.at(mapKeySeg(iter.Key()))
			}
		}
	case reflect.Slice, reflect.Array:
		if rv.Len() == 0 || rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Uint8 {
			return nil // bytes are written as base64 text
		}
		if depth >= limit {
			return errTooDeep
		}
		for i := range rv.Len() {
			if err := checkValue(rv.Index(i), depth+1, limit); err != nil {
				return err.at(indexSeg(i))
			}
		}
	}
	return nil
}

// checkAny is checkValue for a value in a map[string]any or []any inside a
// struct, with the common types told apart without reflection.
func checkAny(v any, depth, limit int) *badValue {
	switch x := v.(type) {
	case nil, string, bool, int, int64, int32, uint, uint64, uint32, time.Time, *time.Time,
		[]string, map[string]string, []int, []int64:
		return nil
	case float64:
		return checkFloat(x)
	case float32:
		return checkFloat(float64(x))
	case map[string]any:
		return checkMap(x, depth, limit)
	case []any:
		if len(x) == 0 {
			return nil
		}
		if depth >= limit {
			return errTooDeep
		}
		for i, e := range x {
			if err := checkAny(e, depth+1, limit); err != nil {
				return err.at(indexSeg(i))
			}
		}
		return nil
	}
	return checkValue(reflect.ValueOf(v), depth, limit)
}

func checkMap(m map[string]any, depth, limit int) *badValue {
	if len(m) == 0 {
		return nil
	}
	if depth >= limit {
		return errTooDeep
	}
	for k, e := range m {
		if err := checkAny(e, depth+1, limit); err != nil {
			return err.at(keySeg(k))
		}
	}
	return nil
}

// mapKeySeg names a map entry in a path, for keys of any type encoding/json
// accepts.
func mapKeySeg(k reflect.Value) string {
	switch k.Kind() {
	case reflect.String:
		return keySeg(k.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(k.Uint(), 10)
	}
	if k.CanInterface() {
		return keySeg(fmt.Sprint(k.Interface()))
	}
	return "?"
}
