package customeriotest

import (
	"fmt"
	"slices"
)

// Customer.io's data limits for Track (reference §2.4), in bytes unless noted.
const (
	maxIDBytes             = 150
	maxAttributeNameBytes  = 150
	maxAttributeValueBytes = 1000
	maxAttributes          = 300 // unique attributes per call
	maxEventNameBytes      = 100
	maxEventDataBytes      = 100_000
	maxSegmentIDs          = 1000 // ids per add_customers / remove_customers
)

// checkID refuses an identifier over the id limit.
func checkID(field, id string) []problem {
	if len(id) > maxIDBytes {
		return []problem{invalid(field, "%s is %d bytes; the limit is %d", field, len(id), maxIDBytes)}
	}
	return nil
}

// checkAttributes applies the per-attribute limits to the attributes of one
// identify call. field prefixes the names in problems ("attributes").
func checkAttributes(field string, attrs map[string]any) []problem {
	var out []problem
	if len(attrs) > maxAttributes {
		out = append(out, invalid(field, "%d attributes in one call; the limit is %d", len(attrs), maxAttributes))
	}
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == "cio_relationships" || k == "cio_subscription_preferences" {
			continue
		}
		name := k
		if field != "" {
			name = field + "." + k
		}
		if len(k) > maxAttributeNameBytes {
			out = append(out, invalid(name, "attribute name is %d bytes; the limit is %d", len(k), maxAttributeNameBytes))
		}
		if n := valueSize(attrs[k]); n > maxAttributeValueBytes {
			out = append(out, invalid(name, "attribute value is %d bytes; the limit is %d", n, maxAttributeValueBytes))
		}
	}
	return out
}

func valueSize(v any) int {
	if s, ok := v.(string); ok {
		return len(s)
	}
	return jsonSize(v)
}

// checkEvent applies the event name and data limits.
func checkEvent(nameField, name, dataField string, data map[string]any) []problem {
	var out []problem
	if len(name) > maxEventNameBytes {
		out = append(out, invalid(nameField, "event name is %d bytes; the limit is %d", len(name), maxEventNameBytes))
	}
	if n := jsonSize(data); data != nil && n > maxEventDataBytes {
		out = append(out, problem{Reason: reasonTooLarge, Field: dataField,
			Message: fmt.Sprintf("event data is %d bytes; the limit is %d", n, maxEventDataBytes)})
	}
	return out
}
