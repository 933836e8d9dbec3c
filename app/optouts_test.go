package app

import (
	"context"
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

var janeOptOuts = []OptOut{{Channel: OptOutSMS, From: "+15551234567"}, {Channel: OptOutWhatsApp, From: "+15559876543"}}

func TestOptOutsRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name: "OptOuts.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.OptOuts.List(ctx, OptOutsOptions{ListOptions: ListOptions{Limit: customerio.Ptr(1000)}, From: "+15551234567"})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/optouts", query: "from=%2B15551234567&limit=1000", fixture: "optouts.json"},
			want:     ListPage[PersonOptOuts]{Items: []PersonOptOuts{{CustomerID: "abc123", CIOID: "cio_03000001", OptOuts: janeOptOuts}}, Next: "MTox"},
		},
		{
			name: "Customers.GetOptOuts",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.GetOptOuts(ctx, "+14155552671", customerio.IDTypePhone)
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/customers/%2B14155552671/optouts", query: "id_type=phone", fixture: "customers_optouts.json"},
			want:     janeOptOuts,
		},
		{
			name: "Customers.UpdateOptOuts sends false and leaves an empty channel out",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Customers.UpdateOptOuts(ctx, "12345", "", []OptOutChange{
					{From: "+15551234567", OptOut: true, Channel: OptOutSMS},
					{From: "+15559876543", OptOut: false},
				})
			},
			exchange: exchange{
				method: http.MethodPut, path: "/v1/customers/12345/optouts", status: http.StatusNoContent,
				body: `{"optouts":[{"from":"+15551234567","optout":true,"channel":"sms"},{"from":"+15559876543","optout":false}]}`,
			},
			want: nil,
		},
	})
}

func TestOptOutsAllWalksEveryPage(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/optouts", fixture: "optouts.json"},
		exchange{method: http.MethodGet, path: "/v1/optouts", query: "start=MTox", fixture: "optouts_last.json"},
	)
	var ids []string
	for p, err := range srv.client().OptOuts.All(t.Context(), OptOutsOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.CustomerID)
		if len(ids) == 2 {
			break
		}
	}
	if len(ids) != 2 || ids[1] != "def456" {
		t.Errorf("ids = %v", ids)
	}
}

func TestOptOutsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"List over 1000", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.OptOuts.List(ctx, OptOutsOptions{ListOptions: ListOptions{Limit: customerio.Ptr(5000)}})
			return err
		}},
		{"GetOptOuts without a customer", "customer_id", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.GetOptOuts(ctx, "", "")
			return err
		}},
		{"GetOptOuts with an unknown id type", "id_type", func(ctx context.Context, c *Client) error {
			_, err := c.Customers.GetOptOuts(ctx, "42", "uuid")
			return err
		}},
		{"UpdateOptOuts with no change", "optouts", func(ctx context.Context, c *Client) error {
			return c.Customers.UpdateOptOuts(ctx, "42", "", nil)
		}},
		{"UpdateOptOuts without a sender", "optouts[1].from", func(ctx context.Context, c *Client) error {
			return c.Customers.UpdateOptOuts(ctx, "42", "", []OptOutChange{{From: "acme", OptOut: true}, {OptOut: true}})
		}},
		{"UpdateOptOuts on an unknown channel", "optouts[0].channel", func(ctx context.Context, c *Client) error {
			return c.Customers.UpdateOptOuts(ctx, "42", "", []OptOutChange{{From: "acme", OptOut: true, Channel: "email"}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assertValidation(t, tt.call(t.Context(), newServer(t).client()), tt.field)
		})
	}
}
