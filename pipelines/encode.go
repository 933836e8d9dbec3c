package pipelines

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/ids"
	"github.com/gocustomerio/customerio/internal/validate"
)

// wireMessage is one message as Data Pipelines reads it, in the Segment spec's
// camelCase, but for its context (and a single call's sentAt), which encode
// appends. One struct serves every type: the fields a type does not have stay
// empty and are omitted.
type wireMessage struct {
	// Type is required inside /v1/batch and omitted on the single-call
	// endpoints, where the path implies it.
	Type      string `json:"type,omitempty"`
	MessageID string `json:"messageId"`
	// Timestamp is RFC 3339 in UTC with as many fractional digits as it needs,
	// as time.Time's MarshalJSON writes it.
	Timestamp   string `json:"timestamp"`
	UserID      string `json:"userId,omitempty"`
	AnonymousID string `json:"anonymousId,omitempty"`
	PreviousID  string `json:"previousId,omitempty"`
	GroupID     string `json:"groupId,omitempty"`
	Event       string `json:"event,omitempty"`
	Name        string `json:"name,omitempty"`
	// Traits and Properties are the caller's maps, encoded as they are:
	// time.Time values inside them become RFC 3339 strings (see the package
	// documentation).
	Traits       map[string]any `json:"traits,omitempty"`
	Properties   map[string]any `json:"properties,omitempty"`
	Integrations map[string]any `json:"integrations,omitempty"`
}

// common are the fields every message type has besides its ids.
type common struct {
	context      Context
	integrations Integrations
	timestamp    time.Time
	messageID    string
}

// encoding is the reusable state of encoding one message: the wire fields and
// the buffer encoding/json writes them to. Pooled, it makes the encoding of a
// message allocate little more than the bytes it produces.
type encoding struct {
	w   wireMessage
	buf bytes.Buffer
	enc *json.Encoder
}

var encodings = sync.Pool{New: func() any {
	e := &encoding{}
	e.enc = json.NewEncoder(&e.buf)
	return e
}}

func newEncoding() *encoding { return encodings.Get().(*encoding) }

// maxPooledBuffer bounds the buffer an encoding keeps when pooled, so that one
// huge refused message does not pin its memory.
const maxPooledBuffer = 2 * customerio.MaxEntityBytes

// free clears e, dropping its references to the caller's maps, and pools it.
func (e *encoding) free() {
	e.w = wireMessage{}
	if e.buf.Cap() > maxPooledBuffer {
		return
	}
	e.buf.Reset()
	encodings.Put(e)
}

// Keys encode appends to the encoded wire fields.
const (
	contextKey = `,"context":`
	sentAtKey  = `,"sentAt":"`
)

// encode completes the message in e with the fields every message has, and
// returns its bytes, held to customerio.MaxEntityBytes:
//
//   - messageId: the caller's, or a new UUID, generated now so that every
//     retry of the batch the message rides in repeats it;
//   - timestamp: the caller's, or now, in UTC;
//   - context: the client's default context as encoded by New, or its merge
//     with the message's own, appended to the bytes encoding/json made of the
//     other fields;
//   - sentAt, now, when single is true (a single call, not a batch item).
//
// Whatever encoding/json refuses becomes a *customerio.ValidationError naming
// the field at fault.
func (c *Client) encode(op string, e *encoding, m common, single bool) ([]byte, error) {
	context, err := c.context.encode(op, m.context)
	if err != nil {
		return nil, err
	}
	w := &e.w
	w.MessageID = m.messageID
	if w.MessageID == "" {
		w.MessageID = ids.UUID()
	}
	ts := m.timestamp
	if ts.IsZero() {
		ts = time.Now()
	}
	var tsBuf [len(time.RFC3339Nano)]byte
	w.Timestamp = string(ts.UTC().AppendFormat(tsBuf[:0], time.RFC3339Nano))
	w.Integrations = m.integrations
	if err := e.enc.Encode(w); err != nil {
		return nil, encodeError(op, err,
			part{"traits", w.Traits},
			part{"properties", w.Properties},
			part{"integrations", w.Integrations})
	}
	// fields is {…} without its closing brace (and the newline Encode adds).
	fields := e.buf.Bytes()
	fields = fields[:len(fields)-2]
	n := len(fields) + len(contextKey) + len(context) + len("}")
	if single {
		n += len(sentAtKey) + len(sentAtLayout) + len(`"`)
	}
	if n > customerio.MaxEntityBytes {
		return nil, validate.Field(op, "", "the message encodes to %d bytes; Data Pipelines accepts at most %d per message", n, customerio.MaxEntityBytes)
	}
	out := make([]byte, 0, n)
	out = append(out, fields...)
	out = append(out, contextKey...)
	out = append(out, context...)
	if single {
		out = append(out, sentAtKey...)
		out = appendSentAt(out, time.Now())
		out = append(out, '"')
	}
	return append(out, '}'), nil
}

// sentAtLayout formats sentAt: RFC 3339 in UTC with milliseconds, always
// len(sentAtLayout) bytes for years 0000 to 9999, so that the batch envelope has a
// fixed length the queue can count on.
const sentAtLayout = "2006-01-02T15:04:05.000Z"

// appendSentAt appends t as sentAt.
func appendSentAt(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, sentAtLayout)
}

// part is a free-form field of a message, searched for the value encoding/json
// refused.
type part struct {
	field string
	value any
}

// encodeError explains an encoding/json failure as a *customerio.ValidationError.
// The path of the offending value is looked up in parts only now, on failure,
// so that encoding a valid message costs no walk of its maps.
func encodeError(op string, err error, parts ...part) error {
	var unsupportedValue *json.UnsupportedValueError
	var unsupportedType *json.UnsupportedTypeError
	switch {
	case errors.As(err, &unsupportedValue):
		for _, p := range parts {
			if path, ok := badNumberPath(reflect.ValueOf(p.value), p.field); ok {
				return validate.Field(op, path, "%s cannot be sent: JSON has no NaN or infinity", unsupportedValue.Str)
			}
		}
		return validate.Field(op, "", "value %s cannot be sent: JSON has no NaN or infinity", unsupportedValue.Str)
	case errors.As(err, &unsupportedType):
		return validate.Field(op, "", "a %s cannot be encoded as JSON", unsupportedType.Type)
	}
	return validate.Field(op, "", "cannot be encoded as JSON: %v", err)
}

// badNumberPath finds a NaN or infinite float inside v and returns its path
// below path ("properties.items[2].price"). Map keys are visited in sorted
// order, so the path named is the same on every run.
func badNumberPath(v reflect.Value, path string) (string, bool) {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		return path, math.IsNaN(f) || math.IsInf(f, 0)
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return "", false
		}
		return badNumberPath(v.Elem(), path)
	case reflect.Map:
		keys := v.MapKeys()
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
			if p, ok := badNumberPath(v.MapIndex(keys[i]), joinPath(path, names[i])); ok {
				return p, true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "", false // bytes, json.RawMessage included
		}
		for i := range v.Len() {
			if p, ok := badNumberPath(v.Index(i), path+"["+strconv.Itoa(i)+"]"); ok {
				return p, true
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if p, ok := badNumberPath(v.Field(i), joinPath(path, name)); ok {
				return p, true
			}
		}
	}
	return "", false
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
