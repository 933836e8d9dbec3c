package pipelines

import (
	"encoding/json"

	customerio "github.com/gocustomerio/customerio"
)

// Context is the Segment-spec context of a message: facts about the user's
// environment rather than the user (ip, locale, userAgent, timezone, device,
// app, os, page, campaign, …). Customer.io uses context.ip for geolocation and
// context.device to register push devices with the semantic "Device Created or
// Updated" event. Build one as a map literal or with the Set methods:
//
//	pipelines.Context{}.SetIP("203.0.113.7").SetDevice(pipelines.Device{Token: tok, Type: "ios"})
//
// A message's Context is merged over the client's default (WithDefaultContext)
// one top-level key at a time: the message's value of a key replaces the
// default's whole value of that key. context.library is always
// {"name":"customerio-go","version":customerio.Version()}; a library key given
// here is ignored.
type Context map[string]any

// Set stores value under key and returns the context, creating it when c is nil.
func (c Context) Set(key string, value any) Context {
	if c == nil {
		c = Context{}
	}
	c[key] = value
	return c
}

// SetIP sets context.ip, the user's IP address, which Customer.io geolocates.
func (c Context) SetIP(ip string) Context { return c.Set("ip", ip) }

// SetLocale sets context.locale, such as "en-US".
func (c Context) SetLocale(locale string) Context { return c.Set("locale", locale) }

// SetUserAgent sets context.userAgent, the user's browser or device user agent.
func (c Context) SetUserAgent(ua string) Context { return c.Set("userAgent", ua) }

// SetTimezone sets context.timezone, an IANA name such as "Europe/Paris".
func (c Context) SetTimezone(tz string) Context { return c.Set("timezone", tz) }

// SetDevice sets context.device.
func (c Context) SetDevice(d Device) Context { return c.Set("device", d) }

// Device is context.device: the user's device, in the Segment-spec shape Data
// Pipelines reads (id, advertisingId, manufacturer, model, name, type, version,
// token). Token and Type ("ios" or "android") are what Customer.io needs to send
// push notifications to it. It is not customerio.Device, the push device the
// Track APIs register: that one has no manufacturer or model and names its
// platform Platform, while this one describes whatever device a message came
// from, push-capable or not.
type Device struct {
	ID            string `json:"id,omitempty"`
	AdvertisingID string `json:"advertisingId,omitempty"`
	Manufacturer  string `json:"manufacturer,omitempty"`
	Model         string `json:"model,omitempty"`
	Name          string `json:"name,omitempty"`
	Type          string `json:"type,omitempty"`
	Version       string `json:"version,omitempty"`
	Token         string `json:"token,omitempty"`
}

// libraryName is context.library.name on every message.
const libraryName = "customerio-go"

// baseContext is the client's default context, encoded once by New.
type baseContext struct {
	// fields holds each top-level key's encoded value, library included.
	fields map[string]json.RawMessage
	// encoded is the whole default context: the context of every /v1/batch
	// envelope, which Data Pipelines applies to each message of the batch,
	// and of every single call without a context of its own.
	encoded []byte
}

// newBaseContext encodes def with context.library set to this library.
func newBaseContext(def Context) (baseContext, error) {
	const op = "pipelines.New"
	if err := checkFreeform(op, "context", def); err != nil {
		return baseContext{}, err
	}
	fields := map[string]json.RawMessage{}
	if len(def) > 0 {
		raw, err := json.Marshal(def)
		if err != nil {
			return baseContext{}, encodeError(op, err)
		}
		if err := json.Unmarshal(raw, &fields); err != nil {
			return baseContext{}, encodeError(op, err)
		}
	}
	library, err := json.Marshal(struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}{libraryName, customerio.Version()})
	if err != nil {
		return baseContext{}, encodeError(op, err)
	}
	fields["library"] = library
	encoded, err := json.Marshal(fields)
	if err != nil {
		return baseContext{}, encodeError(op, err)
	}
	return baseContext{fields: fields, encoded: encoded}, nil
}

// merged returns the context of a single call whose own context is own: the
// default as encoded by New when own is empty, or else both merged and
// encoded, own winning on every key but library.
func (b baseContext) merged(op string, own Context) ([]byte, error) {
	if !hasOwn(own) {
		return b.encoded, nil
	}
	merged := make(map[string]any, len(b.fields)+len(own))
	for k, v := range b.fields {
		merged[k] = v
	}
	for k, v := range own {
		if k != "library" {
			merged[k] = v
		}
	}
	data, err := json.Marshal(merged)
	if err != nil {
		return nil, encodeError(op, err)
	}
	return data, nil
}

// own returns the context of a batch item whose own context is own: nil when
// it has none, or else own's keys but library, which the envelope's context
// carries. Data Pipelines merges the item's context over the envelope's one
// top-level key at a time, the item winning, which is the merge merged makes.
func (b baseContext) own(op string, own Context) ([]byte, error) {
	if !hasOwn(own) {
		return nil, nil
	}
	var data []byte
	var err error
	if _, ok := own["library"]; ok {
		rest := make(map[string]any, len(own)-1)
		for k, v := range own {
			if k != "library" {
				rest[k] = v
			}
		}
		data, err = json.Marshal(rest)
	} else {
		data, err = json.Marshal(map[string]any(own))
	}
	if err != nil {
		return nil, encodeError(op, err)
	}
	return data, nil
}

// hasOwn reports whether own sets any key but library, which is ignored.
func hasOwn(own Context) bool {
	_, lib := own["library"]
	return len(own) > 1 || len(own) == 1 && !lib
}
