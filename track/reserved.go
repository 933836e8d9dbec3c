package track

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gocustomerio/customerio/internal/validate"
)

// topicKeyPrefix starts the dot-notation keys that set one topic of
// cio_subscription_preferences, such as "cio_subscription_preferences.topics.topic_1".
const topicKeyPrefix = AttrSubscriptionPreferences + ".topics."

// checkReserved refuses a value of the wrong type under a key Customer.io reads
// specially on Identify, naming the key. The Track API reference types them:
// id, email and anonymous_id are strings; created_at and _timestamp are Unix
// seconds; _update and unsubscribed are booleans; cio_subscription_preferences
// is {"topics": {name: bool}}; cio_relationships is checked by
// expandRelationships. A nil value (JSON null) is accepted under every key.
func checkReserved(op, field string, attrs map[string]any) error {
	for k, v := range attrs {
		if v == nil {
			continue
		}
		f := field + "." + k
		var ok bool
		var want string
		switch {
		case k == AttrID || k == AttrEmail || k == AttrAnonymousID:
			_, ok = v.(string)
			want = "a string"
		case k == AttrCreatedAt || k == AttrTimestamp:
			ok, want = isUnixSeconds(v), "Unix seconds (an integer, a whole float64, a json.Number or a time.Time)"
		case k == AttrUpdateOnly || k == AttrUnsubscribed:
			_, ok = v.(bool)
			want = "a bool"
		case k == AttrSubscriptionPreferences:
			ok, want = isPreferences(v), `a SubscriptionPreferences or a map {"topics": {topic: bool}}`
		case strings.HasPrefix(k, topicKeyPrefix):
			_, ok = v.(bool)
			want = "a bool"
		default:
			continue
		}
		if !ok {
			return validate.Field(op, f, "must be %s, not %T", want, v)
		}
	}
	return nil
}

// isUnixSeconds reports whether v is a whole number of seconds or a time.
func isUnixSeconds(v any) bool {
	switch x := v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, time.Time:
		return true
	case *time.Time:
		return x != nil
	case float64:
		return isWhole(x)
	case float32:
		return isWhole(float64(x))
	case json.Number:
		_, err := strconv.ParseInt(string(x), 10, 64)
		return err == nil
	}
	return false
}

func isWhole(f float64) bool { return !math.IsInf(f, 0) && f == math.Trunc(f) }

// isPreferences reports whether v has the shape of cio_subscription_preferences.
func isPreferences(v any) bool {
	switch x := v.(type) {
	case SubscriptionPreferences:
		return true
	case *SubscriptionPreferences:
		return x != nil
	case map[string]map[string]bool:
		return len(x) == 0 || len(x) == 1 && x["topics"] != nil
	case map[string]any:
		for k, topics := range x {
			if k != "topics" {
				return false
			}
			switch t := topics.(type) {
			case map[string]bool:
			case map[string]any:
				for _, b := range t {
					if _, ok := b.(bool); !ok && b != nil {
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	}
	return false
}
