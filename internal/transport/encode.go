package transport

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/gocustomerio/customerio/internal/validate"
)

// Encode turns v into the compact JSON bytes a request sends, once, so every
// attempt replays the same bytes. The top-level value goes through Normalize
// (times to Unix seconds, NaN and infinity rejected, nesting past MaxDepth and
// values that contain themselves rejected); request structs normalize
// their own free-form fields first. Anything encoding/json cannot encode is a
// *customerio.ValidationError for op.
func Encode(op string, v any) ([]byte, error) {
	nv, err := Normalize(op, "", v)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(nv)
	if err != nil {
		return nil, encodeError(op, err)
	}
	return b, nil
}

func encodeError(op string, err error) error {
	var unsupportedValue *json.UnsupportedValueError
	var unsupportedType *json.UnsupportedTypeError
	switch {
	case errors.As(err, &unsupportedValue) && strings.HasPrefix(unsupportedValue.Str, "encountered a cycle"):
		return validate.Field(op, "", "a value contains itself (%s)", unsupportedValue.Str)
	case errors.As(err, &unsupportedValue):
		return validate.Field(op, "", "value %s cannot be sent: JSON has no NaN or infinity", unsupportedValue.Str)
	case errors.As(err, &unsupportedType):
		return validate.Field(op, "", "a %s cannot be encoded as JSON", unsupportedType.Type)
	}
	return validate.Field(op, "", "cannot be encoded as JSON: %v", err)
}
