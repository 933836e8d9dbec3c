package app

import (
	"context"
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

var (
	bouncedPerson = ESPSuppression{Email: "bounced.person@example.com", Reason: "Uploaded manually via api.customer.io", Status: "550", Created: unix(1650895738), Category: "bounces"}
	otherBounce   = ESPSuppression{Email: "other@example.com", Reason: "No such mailbox", Status: "550", Created: unix(1650895739), Category: "bounces"}
)

func TestESPSuppressionsRoutes(t *testing.T) {
	t.Parallel()
	spam := bouncedPerson
	spam.Category = "spam"
	testRoutes(t, []route{
		{
			name: "Suppress escapes the address",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ESPSuppressions.Suppress(ctx, SuppressionBounces, "a+b/c@example.com")
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/esp/suppression/bounces/a%2Bb%2Fc@example.com", fixture: ""},
			want:     nil,
		},
		{
			name: "Unsuppress",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ESPSuppressions.Unsuppress(ctx, SuppressionSpamReports, "jane@example.com")
			},
			exchange: exchange{method: http.MethodDelete, path: "/v1/esp/suppression/spam_reports/jane@example.com", status: http.StatusNoContent},
			want:     nil,
		},
		{
			name: "List is a full page: Next is the following offset",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ESPSuppressions.List(ctx, SuppressionBounces, ESPSuppressionsOptions{ListOptions: ListOptions{Start: "10", Limit: customerio.Ptr(2)}, Domain: "mail.example.com"})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/esp/suppression/bounces", query: "domain=mail.example.com&limit=2&offset=10", fixture: "suppression_by_type.json"},
			want:     ListPage[ESPSuppression]{Items: []ESPSuppression{bouncedPerson, otherBounce}, Next: "12"},
		},
		{
			name: "List is a short page: no Next",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ESPSuppressions.List(ctx, SuppressionBounces, ESPSuppressionsOptions{})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/esp/suppression/bounces", fixture: "suppression_by_type.json"},
			want:     ListPage[ESPSuppression]{Items: []ESPSuppression{bouncedPerson, otherBounce}},
		},
		{
			name: "ListByDomain",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ESPSuppressions.ListByDomain(ctx, "mail.example.com", SuppressionSpamReports, ESPDomainSuppressionsOptions{ListOptions: ListOptions{Limit: customerio.Ptr(1000)}, Email: "bounced.person@example.com"})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/esp/domains/mail.example.com/suppression/spam_reports", query: "email=bounced.person%40example.com&limit=1000", fixture: "suppression_by_domain.json"},
			want:     ListPage[ESPSuppression]{Items: []ESPSuppression{spam}, Next: "ZG9tOjE="},
		},
		{
			name: "Search",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ESPSuppressions.Search(ctx, "bounced.person@example.com")
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/esp/search_suppression/bounced.person@example.com", fixture: "suppression_search.json"},
			want:     []ESPSuppression{bouncedPerson},
		},
	})
}

// TestUnsuppressIsNotRepeatedAfterA503 pins that removing an ESP suppression
// is not repeated by a retry strategy once Customer.io has answered: a late
// repeat could lift a suppression recorded in between.
func TestUnsuppressIsNotRepeatedAfterA503(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{method: http.MethodDelete, path: "/v1/esp/suppression/bounces/jane@example.com", status: http.StatusServiceUnavailable})
	if err := srv.client(noWait()).ESPSuppressions.Unsuppress(t.Context(), SuppressionBounces, "jane@example.com"); err == nil {
		t.Fatal("a 503 was not returned")
	}
	if n := srv.calls.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// TestSuppressIsRepeatedAfterA503 pins the other half: suppressing again
// changes nothing, so the POST is repeated like a read.
func TestSuppressIsRepeatedAfterA503(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodPost, path: "/v1/esp/suppression/bounces/jane@example.com", status: http.StatusServiceUnavailable},
		exchange{method: http.MethodPost, path: "/v1/esp/suppression/bounces/jane@example.com"},
	)
	if err := srv.client(noWait()).ESPSuppressions.Suppress(t.Context(), SuppressionBounces, "jane@example.com"); err != nil {
		t.Fatal(err)
	}
}

func TestESPSuppressionsAllWalkEveryPage(t *testing.T) {
	t.Parallel()
	t.Run("All by offset", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t,
			exchange{method: http.MethodGet, path: "/v1/esp/suppression/bounces", query: "limit=2", fixture: "suppression_by_type.json"},
			exchange{method: http.MethodGet, path: "/v1/esp/suppression/bounces", query: "limit=2&offset=2", fixture: "suppression_by_type_last.json"},
		)
		var got []string
		for s, err := range srv.client().ESPSuppressions.All(t.Context(), SuppressionBounces, ESPSuppressionsOptions{ListOptions: ListOptions{Limit: customerio.Ptr(2)}}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, s.Email)
		}
		if len(got) != 3 || got[2] != "last@example.com" {
			t.Errorf("got %v", got)
		}
	})
	t.Run("AllByDomain by cursor, stopping at a break", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t,
			exchange{method: http.MethodGet, path: "/v1/esp/domains/d.example/suppression/spam_reports", fixture: "suppression_by_domain.json"},
			exchange{method: http.MethodGet, path: "/v1/esp/domains/d.example/suppression/spam_reports", query: "start=ZG9tOjE%3D", fixture: "suppression_by_domain_last.json"},
		)
		var got []string
		for s, err := range srv.client().ESPSuppressions.AllByDomain(t.Context(), "d.example", SuppressionSpamReports, ESPDomainSuppressionsOptions{}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, s.Email)
		}
		if len(got) != 2 || got[1] != "last@example.com" {
			t.Errorf("got %v", got)
		}
	})
	t.Run("an error is yielded once", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, exchange{method: http.MethodGet, path: "/v1/esp/suppression/blocks", status: http.StatusInternalServerError})
		n := 0
		for _, err := range srv.client().ESPSuppressions.All(t.Context(), SuppressionBlocks, ESPSuppressionsOptions{}) {
			if err == nil {
				t.Fatal("want an error")
			}
			n++
		}
		if n != 1 {
			t.Errorf("%d errors yielded, want 1", n)
		}
	})
}

func TestESPSuppressionsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"Suppress with an unknown type", "suppression_type", func(ctx context.Context, c *Client) error {
			return c.ESPSuppressions.Suppress(ctx, "unsubscribes", "a@example.com")
		}},
		{"Suppress a blank address", "email_address", func(ctx context.Context, c *Client) error {
			return c.ESPSuppressions.Suppress(ctx, SuppressionBounces, " ")
		}},
		{"Unsuppress with no type", "suppression_type", func(ctx context.Context, c *Client) error {
			return c.ESPSuppressions.Unsuppress(ctx, "", "a@example.com")
		}},
		{"List from a bad offset", "offset", func(ctx context.Context, c *Client) error {
			_, err := c.ESPSuppressions.List(ctx, SuppressionBlocks, ESPSuppressionsOptions{ListOptions: ListOptions{Start: "next"}})
			return err
		}},
		{"List over 1000", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.ESPSuppressions.List(ctx, SuppressionBlocks, ESPSuppressionsOptions{ListOptions: ListOptions{Limit: customerio.Ptr(1001)}})
			return err
		}},
		{"ListByDomain without a domain", "domain_name", func(ctx context.Context, c *Client) error {
			_, err := c.ESPSuppressions.ListByDomain(ctx, "", SuppressionBlocks, ESPDomainSuppressionsOptions{})
			return err
		}},
		{"Search a blank address", "email_address", func(ctx context.Context, c *Client) error {
			_, err := c.ESPSuppressions.Search(ctx, "")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertValidation(t, tt.call(t.Context(), newServer(t).client()), tt.field)
		})
	}
}
