package app

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"reflect"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

var (
	jane = customerio.Identifiers{ID: "42", Email: "jane@example.com", CIOID: "a3000001"}

	paying = Segment{
		ID: 7, DeduplicateID: "7:1690000000", Name: "Paying customers", Description: "plan is not free",
		State: "finished", Type: "dynamic", Tags: []string{"billing"},
		CreatedAt: unix(1690000000), UpdatedAt: unix(1695000000),
	}

	// janeProfile is the profile of customers_attributes_many.json, in the
	// documented {"customer": {…}} entry form, and of
	// customers_attributes_bare.json, without it.
	janeProfile = Customer{
		ID:          "42",
		Identifiers: jane,
		Attributes:  map[string]any{"id": "42", "email": "jane@example.com", "plan": "pro", "created_at": "1690000000"},
		Timestamps:  map[string]time.Time{"cio_id": unix(1690000000), "email": unix(1690000001), "plan": unix(1695000000)},
		Devices: []Device{{
			ID: "dev-token-1", Platform: "ios", LastUsed: unix(1699990000),
			Attributes: map[string]any{"app_version": "2.4.1"},
		}},
	}

	receiptDelivery = Delivery{
		ID:                  "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=",
		DeduplicateID:       "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=:1699999000",
		MessageTemplateID:   3,
		CustomerID:          "42",
		CustomerIdentifiers: jane,
		Recipient:           "jane@example.com",
		Subject:             "Your receipt",
		Type:                "email",
		Created:             unix(1699999000),
		Metrics:             map[string]time.Time{"sent": unix(1699999001), "delivered": unix(1699999005), "opened": unix(1699999100)},
	}
)

// route is one App API call checked against its request and decoded answer.
type route struct {
	name string
	call func(context.Context, *Client) (any, error)
	exchange
	want any
}

// testRoutes runs each route against a server expecting its exchange.
func testRoutes(t *testing.T, routes []route) {
	t.Helper()
	for _, tt := range routes {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tt.exchange)
			got, err := tt.call(t.Context(), srv.client())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
			if n := srv.calls.Load(); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestCustomersRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name: "GetByEmail",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.GetByEmail(ctx, "jane+1@example.com")
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/customers", query: "email=jane%2B1%40example.com", fixture: "customers_by_email.json"},
			want:     []customerio.Identifiers{jane, {Email: "jane@example.com", CIOID: "a3000002"}},
		},
		{
			name: "Search",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.Search(ctx, And(InSegment(7), Or(Attribute("plan", Equals, "pro"), Not(Attribute("churned", Exists, nil)))),
					ListOptions{Start: "MA==", Limit: customerio.Ptr(2)})
			},
			exchange: exchange{
				method: http.MethodPost, path: "/v1/customers", query: "limit=2&start=MA%3D%3D",
				body:    `{"filter":{"and":[{"segment":{"id":7}},{"or":[{"attribute":{"field":"plan","operator":"eq","value":"pro"}},{"not":{"attribute":{"field":"churned","operator":"exists"}}}]}]}}`,
				fixture: "customers_search.json",
			},
			want: ListPage[customerio.Identifiers]{Items: []customerio.Identifiers{jane, {ID: "43", Email: "joe@example.com", CIOID: "a3000003"}}, Next: "MTAw"},
		},
		{
			name: "GetByIDs",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.GetByIDs(ctx, []string{"42", "0"}, customerio.IDTypeID)
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/customers/attributes", query: "id_type=id", body: `{"ids":["42","0"]}`, fixture: "customers_attributes_many.json"},
			want:     []Customer{janeProfile},
		},
		{
			name: "GetByIDs reads entries sent without the customer wrapper",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.GetByIDs(ctx, []string{"42"}, "")
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/customers/attributes", body: `{"ids":["42"]}`, fixture: "customers_attributes_bare.json"},
			want:     []Customer{janeProfile},
		},
		{
			name: "GetAttributes escapes the id as one segment",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.GetAttributes(ctx, "a/b+c@x.com", customerio.IDTypeEmail)
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/customers/a%2Fb%2Bc@x.com/attributes", query: "id_type=email", fixture: "customer_attributes.json"},
			want: &Customer{
				ID: "42", Identifiers: jane,
				Attributes:   map[string]any{"id": "42", "email": "jane@example.com", "plan": "pro"},
				Timestamps:   map[string]time.Time{"cio_id": unix(1690000000), "email": unix(1690000001), "plan": unix(1695000000)},
				Unsubscribed: true,
				Devices:      []Device{},
			},
		},
		{
			name: "GetSegments by phone",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.GetSegments(ctx, "+15551234567", customerio.IDTypePhone)
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/customers/%2B15551234567/segments", query: "id_type=phone", fixture: "customer_segments.json"},
			want:     []Segment{paying},
		},
		{
			name: "ListMessages",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.ListMessages(ctx, "42", CustomerMessagesOptions{Limit: customerio.Ptr(0), StartTS: unix(1690000000), EndTS: unix(1700000000)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/customers/42/messages", query: "end_ts=1700000000&limit=0&start_ts=1690000000", fixture: "customer_messages.json"},
			want:     ListPage[Delivery]{Items: []Delivery{receiptDelivery}, Next: "b2Zmc2V0OjE="},
		},
		{
			name: "ListActivities",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.ListActivities(ctx, "cio_a3000001", ActivitiesOptions{IDType: customerio.IDTypeCIOID, Start: "x", Limit: customerio.Ptr(10), Type: "event", Name: "purchase"})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/customers/cio_a3000001/activities", query: "id_type=cio_id&limit=10&name=purchase&start=x&type=event", fixture: "customer_activities.json"},
			want: ListPage[Activity]{Items: []Activity{{
				ID: "01HF3K9V2QX6", CustomerID: "42", CustomerIdentifiers: jane,
				Type: "event", Name: "purchase", Timestamp: unix(1699998000),
				Data: map[string]any{"price": 23.5, "sku": "TSHIRT-M"},
			}}},
		},
		{
			name: "ListRelationships",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.ListRelationships(ctx, "jane@example.com", RelationshipsOptions{IDType: customerio.IDTypeEmail, Limit: customerio.Ptr(1)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/customers/jane@example.com/relationships", query: "id_type=email&limit=1", fixture: "customer_relationships.json"},
			want: ListPage[map[string]any]{Items: []map[string]any{{
				"identifiers":             map[string]any{"object_type_id": "1", "object_id": "acme"},
				"relationship_attributes": map[string]any{"role": "admin"},
			}}, Next: "cmVsOjI="},
		},
		{
			name: "GetSubscriptionPreferences",
			call: func(ctx context.Context, c *Client) (any, error) {
				raw, err := c.Customers.GetSubscriptionPreferences(ctx, "42", "", "fr")
				var v any
				if err == nil {
					err = json.Unmarshal(raw, &v)
				}
				return v, err
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/customers/42/subscription_preferences", query: "language=fr", fixture: "subscription_preferences.json"},
			want: map[string]any{"id": "42", "topics": []any{
				map[string]any{"id": 1.0, "name": "Newsletter", "subscribed": true},
				map[string]any{"id": 2.0, "name": "Product updates", "subscribed": false},
			}},
		},
	})
}

func TestCustomersValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"GetByEmail blank", "email", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.GetByEmail(ctx, "")
			return err
		}},
		{"Search without filter", "filter", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.Search(ctx, Filter{}, ListOptions{})
			return err
		}},
		{"Search with an empty and", "filter.and", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.Search(ctx, And(), ListOptions{})
			return err
		}},
		{"Search with a blank attribute field", "filter.or[1].attribute.field", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.Search(ctx, Or(InSegment(1), Attribute("", Equals, 1)), ListOptions{})
			return err
		}},
		{"Search with NaN", "filter.not.attribute.value", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.Search(ctx, Not(Attribute("score", Equals, math.NaN())), ListOptions{})
			return err
		}},
		{"Search with segment 0", "filter.segment.id", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.Search(ctx, InSegment(0), ListOptions{})
			return err
		}},
		{"Search with a negative limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.Search(ctx, InSegment(1), ListOptions{Limit: customerio.Ptr(-1)})
			return err
		}},
		{"GetByIDs empty", "ids", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.GetByIDs(ctx, nil, "")
			return err
		}},
		{"GetByIDs blank entry", "ids[1]", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.GetByIDs(ctx, []string{"1", ""}, "")
			return err
		}},
		{"GetAttributes blank id", "customer_id", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.GetAttributes(ctx, "", "")
			return err
		}},
		{"GetAttributes unknown id type", "id_type", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.GetAttributes(ctx, "42", "uuid")
			return err
		}},
		{"GetSegments blank id", "customer_id", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.GetSegments(ctx, "", customerio.IDTypeID)
			return err
		}},
		{"ListMessages unknown id type", "id_type", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.ListMessages(ctx, "42", CustomerMessagesOptions{IDType: "EMAIL"})
			return err
		}},
		{"ListActivities blank id", "customer_id", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.ListActivities(ctx, "", ActivitiesOptions{})
			return err
		}},
		{"ListRelationships blank id", "customer_id", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.ListRelationships(ctx, "", RelationshipsOptions{})
			return err
		}},
		{"GetSubscriptionPreferences blank id", "customer_id", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.GetSubscriptionPreferences(ctx, "", "", "")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			assertValidation(t, tt.call(t.Context(), srv.client()), tt.field)
		})
	}
}
