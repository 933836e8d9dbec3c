package pipelines

import "time"

// Traits are attributes of a user (Identify) or of a group (Group): Customer.io
// stores them as the person's or the object's attributes. Build them as a map
// literal or with the Set methods, which name the Segment spec's reserved
// traits:
//
//	pipelines.Traits{}.SetEmail("ada@example.com").SetName("Ada Lovelace").Set("plan", "pro")
//
// time.Time values are sent as RFC 3339 strings, the ISO-8601 form the
// Segment spec uses for dates (see the package documentation).
type Traits map[string]any

// Set stores value under key and returns the traits, creating them when t is
// nil.
func (t Traits) Set(key string, value any) Traits {
	if t == nil {
		t = Traits{}
	}
	t[key] = value
	return t
}

// SetEmail sets the reserved trait email, the user's email address; Customer.io
// can identify a person by it.
func (t Traits) SetEmail(email string) Traits { return t.Set("email", email) }

// SetName sets the reserved trait name, the user's full name.
func (t Traits) SetName(name string) Traits { return t.Set("name", name) }

// SetFirstName sets the reserved trait firstName.
func (t Traits) SetFirstName(name string) Traits { return t.Set("firstName", name) }

// SetLastName sets the reserved trait lastName.
func (t Traits) SetLastName(name string) Traits { return t.Set("lastName", name) }

// SetPhone sets the reserved trait phone, the user's phone number.
func (t Traits) SetPhone(phone string) Traits { return t.Set("phone", phone) }

// SetCreatedAt sets the reserved trait createdAt, when the user's account was
// first created, sent as an RFC 3339 string.
func (t Traits) SetCreatedAt(at time.Time) Traits { return t.Set("createdAt", at) }

// Properties describe an event (Track) or a page or screen view (Page,
// Screen); Customer.io stores them as the event's data, usable in campaign
// messages and segment conditions. time.Time values are sent as RFC 3339
// strings.
type Properties map[string]any

// Set stores value under key and returns the properties, creating them when p
// is nil.
func (p Properties) Set(key string, value any) Properties {
	if p == nil {
		p = Properties{}
	}
	p[key] = value
	return p
}
