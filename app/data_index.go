package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/gocustomerio/customerio/internal/transport"
)

// Limits of the Data Index routes.
const (
	// MaxDataIndexUpdates is how many attributes or events one Data Index
	// request describes at most.
	MaxDataIndexUpdates = 100
	// MaxDataIndexDescriptionLength is the longest description Customer.io
	// accepts, in characters.
	MaxDataIndexDescriptionLength = 255
)

// DataIndexService describes the workspace's attributes and events in
// Customer.io's Data Index. The descriptions help Customer.io's AI features
// (such as the segment builder) understand the data; Premium plans can also
// mark attributes as sensitive, to hide them from chosen teammates. Data
// reaches people through the Track and Pipelines APIs; a name described here
// appears in the Data Index once some profile or event carries it.
//
// Both routes are POSTs that set descriptions by name: repeating one changes
// nothing, so they are retried like a PUT.
type DataIndexService struct{ api *transport.Client }

// AttributeMetadata describes one attribute.
type AttributeMetadata struct {
	// Name names the attribute; required.
	Name string `json:"name"`
	// Description says what the attribute means, in at most
	// MaxDataIndexDescriptionLength characters; sent only when set.
	Description string `json:"description,omitempty"`
	// Sensitive, when not nil, marks the attribute sensitive (true) or not
	// (false); Customer.io's privacy_level 1 or 0. Premium plans only: other
	// workspaces answer 422.
	Sensitive *bool `json:"-"`
}

// MarshalJSON sends Sensitive as privacy_level.
func (a AttributeMetadata) MarshalJSON() ([]byte, error) {
	type fields AttributeMetadata
	w := struct {
		fields
		PrivacyLevel *int `json:"privacy_level,omitempty"`
	}{fields: fields(a)}
	if a.Sensitive != nil {
		level := 0
		if *a.Sensitive {
			level = 1
		}
		w.PrivacyLevel = &level
	}
	return json.Marshal(w)
}

// EventMetadata describes one event.
type EventMetadata struct {
	// Name names the event; required.
	Name string `json:"name"`
	// Description says what the event means, in at most
	// MaxDataIndexDescriptionLength characters; sent only when set.
	Description string `json:"description,omitempty"`
}

// checkMetadata records a list that is empty or longer than
// MaxDataIndexUpdates, and each blank name or over-long description.
func checkMetadata(p *problems, field string, n int, entry func(i int) (name, description string)) {
	switch {
	case n == 0:
		p.add(field, "must describe at least one")
	case n > MaxDataIndexUpdates:
		p.add(field, "describes %d; Customer.io accepts at most %d a request", n, MaxDataIndexUpdates)
	}
	for i := range n {
		name, description := entry(i)
		at := field + "[" + strconv.Itoa(i) + "]"
		p.blank(at+".name", name)
		if l := utf8.RuneCountInString(description); l > MaxDataIndexDescriptionLength {
			p.add(at+".description", "is %d characters; Customer.io accepts at most %d", l, MaxDataIndexDescriptionLength)
		}
	}
}

// UpdateAttributes adds or updates the descriptions of attributes (POST
// /v1/data_index/attributes, body {"attributes": […]}). An empty list, more
// than MaxDataIndexUpdates entries, a blank name or a description over
// MaxDataIndexDescriptionLength is a *customerio.ValidationError and nothing
// is sent. The request sets each attribute's description as given, so it is
// sent as a retry-safe POST.
func (s *DataIndexService) UpdateAttributes(ctx context.Context, attributes []AttributeMetadata) error {
	p := newProblems("app.DataIndex.UpdateAttributes")
	checkMetadata(p, "attributes", len(attributes), func(i int) (string, string) {
		return attributes[i].Name, attributes[i].Description
	})
	body := struct {
		Attributes []AttributeMetadata `json:"attributes"`
	}{attributes}
	// Setting descriptions by name: a repeat changes nothing.
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: "/v1/data_index/attributes", Body: body, Idempotent: true})
}

// UpdateEvents adds or updates the descriptions of events (POST
// /v1/data_index/events, body {"events": […]}), checked as UpdateAttributes
// checks attributes. It is sent as a retry-safe POST.
func (s *DataIndexService) UpdateEvents(ctx context.Context, events []EventMetadata) error {
	p := newProblems("app.DataIndex.UpdateEvents")
	checkMetadata(p, "events", len(events), func(i int) (string, string) {
		return events[i].Name, events[i].Description
	})
	body := struct {
		Events []EventMetadata `json:"events"`
	}{events}
	// Setting descriptions by name: a repeat changes nothing.
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: "/v1/data_index/events", Body: body, Idempotent: true})
}
