package jsonwrite

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrNotWritable stops a write at a value that has no JSON form: a NaN or
// infinite number, or a value Normalize refused.
var ErrNotWritable = errors.New("value cannot be written")

// ErrTooDeep stops a write at maps or slices nested deeper than the writer's
// Limit, most often a value that contains itself.
var ErrTooDeep = errors.New("nested too deeply")

// Writer writes free-form values: the common types (strings, booleans,
// integers, floats, time.Time, and maps and slices of them) by hand, anything
// else through encoding/json. It keeps its scratch space (the sorted entries
// of the maps being written, the fallback encoder) between values, so that a
// reused Writer allocates nothing for the common types. A Writer is not safe
// for concurrent use.
type Writer struct {
	// Limit is the deepest nesting written: a map or slice found more than
	// Limit levels down stops the write with ErrTooDeep.
	Limit int
	// UnixTimes writes time.Time values as Unix seconds instead of
	// encoding/json's RFC 3339 strings.
	UnixTimes bool
	// Normalize, when set, replaces a value of a type the writer does not
	// know, found depth levels down, before encoding/json encodes it; its
	// error stops the write with ErrNotWritable.
	Normalize func(v any, depth int) (any, error)

	// entries holds the entries of the maps being written, each map's run
	// sorted by key; nested maps push their run after their parent's.
	entries  []entry
	fallback *json.Encoder
	sink     sink
}

// entry is one key and value of a map being written.
type entry struct {
	key   string
	value any
}

// AppendMap appends m, depth levels down, with its keys sorted as
// encoding/json sorts them; a nil m is written as {}, an empty object, for the
// callers whose field is always an object. On error b holds a partial value.
func (w *Writer) AppendMap(b []byte, m map[string]any, depth int) ([]byte, error) {
	if depth > w.Limit {
		return b, ErrTooDeep
	}
	if len(m) == 0 {
		return append(b, "{}"...), nil
	}
	mark := len(w.entries)
	for k, v := range m {
		w.entries = append(w.entries, entry{k, v})
	}
	slices.SortFunc(w.entries[mark:], func(a, b entry) int { return strings.Compare(a.key, b.key) })
	b = append(b, '{')
	var err error
	for i := mark; i < len(w.entries) && err == nil; i++ {
		// w.entries may grow, and move, while a nested map is written: index
		// it afresh each time.
		if i > mark {
			b = append(b, ',')
		}
		b = AppendString(b, w.entries[i].key)
		b = append(b, ':')
		b, err = w.AppendValue(b, w.entries[i].value, depth+1)
	}
	clear(w.entries[mark:])
	w.entries = w.entries[:mark]
	return append(b, '}'), err
}

// AppendValue appends v, found depth levels down, as encoding/json would write
// it. On error b holds a partial value.
func (w *Writer) AppendValue(b []byte, v any, depth int) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return AppendString(b, x), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case int32:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int16:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int8:
		return strconv.AppendInt(b, int64(x), 10), nil
	case uint:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint64:
		return strconv.AppendUint(b, x, 10), nil
	case uint32:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint16:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint8:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case float64:
		return AppendFloat(b, x, 64)
	case float32:
		return AppendFloat(b, float64(x), 32)
	case time.Time:
		return w.appendTime(b, x, depth)
	case *time.Time:
		if x == nil {
			return append(b, "null"...), nil
		}
		return w.appendTime(b, *x, depth)
	case map[string]any:
		if x == nil {
			return append(b, "null"...), nil
		}
		return w.AppendMap(b, x, depth)
	case []any:
		if x == nil {
			return append(b, "null"...), nil
		}
		if depth > w.Limit {
			return b, ErrTooDeep
		}
		b = append(b, '[')
		for i, item := range x {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = w.AppendValue(b, item, depth+1); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case []map[string]any:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, m := range x {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = w.AppendValue(b, m, depth+1); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case []string:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, s := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendString(b, s)
		}
		return append(b, ']'), nil
	}
	return w.appendOther(b, v, depth)
}

// Pending is the number of map entries the writer still holds: none between
// writes, since each map gives back its entries, written or not, so that a
// reused Writer keeps no references to the values it wrote.
func (w *Writer) Pending() int { return len(w.entries) }
