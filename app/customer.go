package app

import (
	"encoding/json"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// Customer is a person's profile as Customer.io stores it.
type Customer struct {
	// ID is the person's id, as asked for.
	ID string `json:"id"`
	// Identifiers holds every identifier of the person.
	Identifiers customerio.Identifiers `json:"identifiers"`
	// Attributes holds the profile's attributes; Customer.io returns every value
	// as a string.
	Attributes map[string]any `json:"attributes"`
	// Timestamps maps attribute names to when each was set (deprecated by
	// Customer.io, still sent).
	Timestamps map[string]time.Time `json:"timestamps"`
	// Unsubscribed reports that the person unsubscribed from messages.
	Unsubscribed bool `json:"unsubscribed"`
	// Devices lists the person's push devices.
	Devices []Device `json:"devices"`
}

// UnmarshalJSON reads timestamps as Unix seconds.
func (c *Customer) UnmarshalJSON(b []byte) error {
	type fields Customer
	var w struct {
		fields
		Timestamps map[string]unixTime `json:"timestamps"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = Customer(w.fields)
	c.Timestamps = timeMap(w.Timestamps)
	return nil
}

// customerEntry is one entry of the customers list of POST
// /v1/customers/attributes. Customer.io's documentation shows each profile
// wrapped as {"customer": {…}}, like the answer of GET …/attributes; an entry
// without the "customer" key is read as the profile itself, so either form
// decodes to the same Customer.
type customerEntry struct{ Customer Customer }

// UnmarshalJSON reads the profile under "customer", or the entry itself.
func (e *customerEntry) UnmarshalJSON(b []byte) error {
	var w struct {
		Customer json.RawMessage `json:"customer"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if len(w.Customer) > 0 && string(w.Customer) != "null" {
		b = w.Customer
	}
	return json.Unmarshal(b, &e.Customer)
}

// Device is a push device of a person.
type Device struct {
	// ID is the device token.
	ID string `json:"id"`
	// Platform is "ios" or "android".
	Platform string `json:"platform"`
	// LastUsed is when the device was last identified.
	LastUsed time.Time `json:"last_used"`
	// Attributes describe the device.
	Attributes map[string]any `json:"attributes"`
}

// UnmarshalJSON reads last_used as Unix seconds.
func (d *Device) UnmarshalJSON(b []byte) error {
	type fields Device
	var w struct {
		fields
		LastUsed unixTime `json:"last_used"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = Device(w.fields)
	d.LastUsed = time.Time(w.LastUsed)
	return nil
}

// Activity is one thing a person did or that happened to them: an event, a page
// view, an attribute change, a message sent, opened or clicked, and so on.
type Activity struct {
	ID                  string                 `json:"id"`
	CustomerID          string                 `json:"customer_id"`
	CustomerIdentifiers customerio.Identifiers `json:"customer_identifiers"`
	// Type is the activity type, such as "event", "attribute_change" or
	// "sent_email".
	Type string `json:"type"`
	// Name is the event or attribute name, for the types that have one.
	Name string `json:"name,omitempty"`
	// Timestamp is when the activity happened.
	Timestamp time.Time `json:"timestamp"`
	// Data holds the activity's details, which vary by type.
	Data map[string]any `json:"data"`
	// DeliveryID and DeliveryType name the message, for message activities.
	DeliveryID   string `json:"delivery_id"`
	DeliveryType string `json:"delivery_type"`
}

// UnmarshalJSON reads timestamp as Unix seconds.
func (a *Activity) UnmarshalJSON(b []byte) error {
	type fields Activity
	var w struct {
		fields
		Timestamp unixTime `json:"timestamp"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Activity(w.fields)
	a.Timestamp = time.Time(w.Timestamp)
	return nil
}
