package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// EmailHeaders are the custom headers of an email template variant, in order.
//
// Customer.io reads them back (Content.Headers) as a JSON string that holds a
// JSON list of {"name", "value"} objects, and some answers carry that list, or an
// object of name → value, as plain JSON instead; UnmarshalJSON accepts each of
// these forms, so one field serves every answer. Sent in a ContentUpdate, they
// are written as the list of {"name", "value"} objects the update request takes.
type EmailHeaders []EmailHeader

// EmailHeader is one custom email header.
type EmailHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// UnmarshalJSON reads headers given as a JSON string holding JSON, as a list of
// {"name", "value"} objects (or of single-entry name → value objects), or as an
// object of name → value, whose entries are taken in name order. null and the
// empty string leave the headers nil; an empty list or object makes them empty
// but not nil. A value that is not a string is kept as its JSON text.
func (h *EmailHeaders) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			*h = nil
			return nil
		}
		inner := []byte(s)
		if t := bytes.TrimSpace(inner); len(t) > 0 && t[0] == '"' {
			return fmt.Errorf("email headers: a JSON string inside a JSON string")
		}
		return h.UnmarshalJSON(inner)
	}
	if bytes.Equal(b, []byte("null")) {
		*h = nil
		return nil
	}
	if len(b) > 0 && b[0] == '{' {
		m, err := headerObject(b)
		if err != nil {
			return err
		}
		*h = sortedHeaders(m)
		return nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(b, &items); err != nil {
		return fmt.Errorf("email headers: want a list, an object or a JSON string of either: %w", err)
	}
	out := make(EmailHeaders, 0, len(items))
	for i, item := range items {
		m, err := headerObject(item)
		if err != nil {
			return fmt.Errorf("email headers[%d]: %w", i, err)
		}
		if name, ok := m["name"]; ok {
			if len(m) > 2 || len(m) == 2 && !hasKey(m, "value") {
				return fmt.Errorf("email headers[%d]: want {\"name\", \"value\"}", i)
			}
			out = append(out, EmailHeader{Name: name, Value: m["value"]})
			continue
		}
		out = append(out, sortedHeaders(m)...)
	}
	*h = out
	return nil
}

// headerObject reads one JSON object of string keys, its values as text.
func headerObject(b []byte) (map[string]string, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("want an object: %w", err)
	}
	m := make(map[string]string, len(raw))
	for k, v := range raw {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			s = string(bytes.TrimSpace(v))
		}
		m[k] = s
	}
	return m, nil
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

// sortedHeaders turns an object of name → value into headers in name order.
func sortedHeaders(m map[string]string) EmailHeaders {
	out := make(EmailHeaders, 0, len(m))
	for k, v := range m {
		out = append(out, EmailHeader{Name: k, Value: v})
	}
	slices.SortFunc(out, func(a, b EmailHeader) int { return strings.Compare(a.Name, b.Name) })
	return out
}
