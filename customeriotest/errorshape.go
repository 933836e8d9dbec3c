package customeriotest

import (
	"fmt"
	"strings"
)

// errorShape is the JSON body shape one API uses for errors (reference §7).
type errorShape int

const (
	// shapeMetaErrors is Track v1 validation: {"meta":{"errors":["…"]}}.
	shapeMetaErrors errorShape = iota
	// shapeMetaError is Track v1 merge_customers and the App API:
	// {"meta":{"error":"…"}}.
	shapeMetaError
	// shapeErrors is Track v2 and Data Pipelines:
	// {"errors":[{"reason","field","message"}]}.
	shapeErrors
)

// problem is one reason a request or batch item is refused.
type problem struct {
	Reason  string `json:"reason"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Reasons used in {"errors":[…]} bodies.
const (
	reasonRequired = "required"
	reasonInvalid  = "invalid"
	reasonTooLarge = "too_large"
)

func required(field string) problem {
	return problem{Reason: reasonRequired, Field: field, Message: field + " is required"}
}

func invalid(field, format string, args ...any) problem {
	return problem{Reason: reasonInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

func tooLarge(field string, size, limit int) problem {
	return problem{Reason: reasonTooLarge, Field: field,
		Message: fmt.Sprintf("%d bytes is over the limit of %d bytes", size, limit)}
}

// text renders p as one line for the meta shapes.
func (p problem) text() string {
	if p.Field == "" || strings.HasPrefix(p.Message, p.Field+" ") {
		return p.Message
	}
	return p.Field + ": " + p.Message
}

// errorBody builds the body of an error answer in shape.
func errorBody(shape errorShape, problems []problem) any {
	switch shape {
	case shapeMetaErrors:
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = p.text()
		}
		return map[string]any{"meta": map[string]any{"errors": msgs}}
	case shapeMetaError:
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = p.text()
		}
		return map[string]any{"meta": map[string]any{"error": strings.Join(msgs, "; ")}}
	default:
		out := make([]problem, len(problems))
		for i, p := range problems {
			if p.Reason == "" {
				p.Reason = reasonInvalid
			}
			out[i] = p
		}
		return map[string]any{"errors": out}
	}
}

// batchProblem is one entry of a Track v2 207 answer.
type batchProblem struct {
	BatchIndex int    `json:"batch_index"`
	Reason     string `json:"reason"`
	Field      string `json:"field"`
	Message    string `json:"message"`
}
