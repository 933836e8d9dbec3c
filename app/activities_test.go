package app

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

var sentActivity = Activity{
	ID: "01HF3K9V2QX6", CustomerID: "42", CustomerIdentifiers: jane, Type: "sent_email",
	Timestamp: unix(1699999001), Data: map[string]any{},
	DeliveryID: "dgOq9wUAAXUZfj0qhDwV-ykKZ0Q=", DeliveryType: "email",
}

func TestActivitiesRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name: "List with every filter",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Activities.List(ctx, WorkspaceActivitiesOptions{
					Start: "YWN0LTE=", Limit: customerio.Ptr(2), Type: "sent_email", Name: "welcome",
					Deleted: customerio.Ptr(false), CustomerID: "jane+1@example.com", IDType: customerio.IDTypeEmail,
				})
			},
			exchange: exchange{
				method: http.MethodGet, path: "/v1/activities",
				query:   "customer_id=jane%2B1%40example.com&deleted=false&id_type=email&limit=2&name=welcome&start=YWN0LTE%3D&type=sent_email",
				fixture: "activities_list.json",
			},
			want: ListPage[Activity]{Items: []Activity{sentActivity}, Next: "YWN0LTI="},
		},
		{
			name: "List with nothing set sends no query",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Activities.List(ctx, WorkspaceActivitiesOptions{})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/activities", fixture: "activities_list.json"},
			want:     ListPage[Activity]{Items: []Activity{sentActivity}, Next: "YWN0LTI="},
		},
	})
}

// TestAllActivitiesWalksPages: All follows next until the last page, stops at
// a break, and yields an error once.
func TestAllActivitiesWalksPages(t *testing.T) {
	t.Parallel()
	first := exchange{method: http.MethodGet, path: "/v1/activities", query: "deleted=true", fixture: "activities_list.json"}
	second := exchange{method: http.MethodGet, path: "/v1/activities", query: "deleted=true&start=YWN0LTI%3D", fixture: "activities_last.json"}
	failing := exchange{method: http.MethodGet, path: "/v1/activities", query: "deleted=true&start=YWN0LTI%3D", status: http.StatusInternalServerError}
	opts := WorkspaceActivitiesOptions{Deleted: customerio.Ptr(true)}
	t.Run("every page", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, first, second)
		var ids []string
		for a, err := range srv.client().Activities.All(t.Context(), opts) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, a.ID)
		}
		if want := []string{"01HF3K9V2QX6", "01HF3K9V2QX7"}; !reflect.DeepEqual(ids, want) {
			t.Errorf("walked %v, want %v", ids, want)
		}
	})
	t.Run("early break", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, first)
		for range srv.client().Activities.All(t.Context(), opts) {
			break
		}
		if n := srv.calls.Load(); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("error once", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, first, failing)
		var errs int
		for _, err := range srv.client().Activities.All(t.Context(), opts) {
			if err != nil {
				errs++
			}
		}
		if errs != 1 {
			t.Errorf("%d errors, want 1", errs)
		}
	})
}

func TestActivitiesValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		opts  WorkspaceActivitiesOptions
	}{
		{"an id type without a customer", "id_type", WorkspaceActivitiesOptions{IDType: customerio.IDTypeEmail}},
		{"an unknown id type", "id_type", WorkspaceActivitiesOptions{CustomerID: "42", IDType: "phone_number"}},
		{"a blank customer", "customer_id", WorkspaceActivitiesOptions{CustomerID: "  "}},
		{"a negative limit", "limit", WorkspaceActivitiesOptions{Limit: customerio.Ptr(-1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			_, err := srv.client().Activities.List(t.Context(), tt.opts)
			assertValidation(t, err, tt.field)
		})
	}
}
