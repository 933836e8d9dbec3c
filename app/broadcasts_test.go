package app

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func TestBroadcastsRoutes(t *testing.T) {
	t.Parallel()
	trigger := func(req TriggerRequest) func(context.Context, *Client) (any, error) {
		return func(ctx context.Context, c *Client) (any, error) { return c.Broadcasts.Trigger(ctx, 15, req) }
	}
	post := func(body string) exchange {
		return exchange{method: http.MethodPost, path: "/v1/campaigns/15/triggers", body: body, fixture: "broadcast_trigger.json"}
	}
	triggered := &TriggerResponse{ID: 73}
	testRoutes(t, []route{
		{
			name:     "Trigger with no audience sends {}",
			call:     trigger(TriggerRequest{}),
			exchange: post(`{}`),
			want:     triggered,
		},
		{
			name:     "Trigger the default audience with data",
			call:     trigger(TriggerRequest{Data: map[string]any{"headline": "Spring sale", "ends_at": unix(1700100000)}}),
			exchange: post(`{"data":{"headline":"Spring sale","ends_at":1700100000}}`),
			want:     triggered,
		},
		{
			name: "Trigger recipients by filter",
			call: trigger(TriggerRequest{
				Data:       map[string]any{"headline": "Spring sale"},
				Recipients: And(InSegment(7), Not(Attribute("unsubscribed", Equals, true))),
			}),
			exchange: post(`{"data":{"headline":"Spring sale"},"recipients":{"and":[{"segment":{"id":7}},{"not":{"attribute":{"field":"unsubscribed","operator":"eq","value":true}}}]}}`),
			want:     triggered,
		},
		{
			name:     "Trigger emails",
			call:     trigger(TriggerRequest{Emails: []string{"jane@example.com", "joe@example.com"}, EmailAddDuplicates: true, EmailIgnoreMissing: true}),
			exchange: post(`{"emails":["jane@example.com","joe@example.com"],"email_add_duplicates":true,"email_ignore_missing":true}`),
			want:     triggered,
		},
		{
			name:     "Trigger ids",
			call:     trigger(TriggerRequest{IDs: []string{"42", "43"}, IDIgnoreMissing: true}),
			exchange: post(`{"ids":["42","43"],"id_ignore_missing":true}`),
			want:     triggered,
		},
		{
			name: "Trigger per-user data",
			call: trigger(TriggerRequest{PerUserData: []UserData{
				{ID: "42", Data: map[string]any{"coupon": "J-10"}},
				{Email: "joe@example.com", Data: map[string]any{"coupon": "J-11", "expires_at": unix(1700100000)}},
			}}),
			exchange: post(`{"per_user_data":[{"id":"42","data":{"coupon":"J-10"}},{"email":"joe@example.com","data":{"coupon":"J-11","expires_at":1700100000}}]}`),
			want:     triggered,
		},
		{
			name:     "Trigger from a data file",
			call:     trigger(TriggerRequest{DataFileURL: "https://example.com/audience.jsonl", Data: map[string]any{"a": 1}}),
			exchange: post(`{"data":{"a":1},"data_file_url":"https://example.com/audience.jsonl"}`),
			want:     triggered,
		},
		{
			name:     "Trigger by ids",
			call:     trigger(TriggerRequest{IDs: []string{"42"}}),
			exchange: post(`{"ids":["42"]}`),
			want:     triggered,
		},
		{
			name:     "GetTrigger",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Broadcasts.GetTrigger(ctx, 15, 73) },
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/15/triggers/73", fixture: "broadcast_trigger_status.json"},
			want:     &Trigger{ID: 73, BroadcastID: 15, CreatedAt: unix(1700000100), ProcessedAt: unix(1700000160)},
		},
		{
			name: "ListTriggerErrors",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Broadcasts.ListTriggerErrors(ctx, 15, 73, ListOptions{Limit: customerio.Ptr(2)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/15/triggers/73/errors", query: "limit=2", fixture: "broadcast_trigger_errors.json"},
			want:     ListPage[string]{Items: []string{`line 2: unknown person id "99"`, "line 5: invalid JSON"}, Next: "2"},
		},
		{
			name: "ListTriggerErrors last page ends at offset 0",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Broadcasts.ListTriggerErrors(ctx, 15, 73, ListOptions{Start: "2", Limit: customerio.Ptr(2)})
			},
			exchange: exchange{method: http.MethodGet, path: "/v1/campaigns/15/triggers/73/errors", query: "limit=2&start=2", fixture: "broadcast_trigger_errors_last.json"},
			want:     ListPage[string]{Items: []string{`line 9: unknown person email "x@example.com"`}},
		},
	})
}

func TestBroadcastsValidation(t *testing.T) {
	t.Parallel()
	ids := func(n int) []string {
		list := make([]string, n)
		for i := range list {
			list[i] = strconv.Itoa(i + 1)
		}
		return list
	}
	tests := []struct {
		name  string
		field string
		req   TriggerRequest
	}{
		{"two audiences", "", TriggerRequest{IDs: []string{"1"}, Emails: []string{"a@b.com"}}},
		{"filter and data file", "", TriggerRequest{Recipients: InSegment(3), DataFileURL: "https://example.com/f.jsonl"}},
		{"too many ids", "ids", TriggerRequest{IDs: ids(MaxTriggerRecipients + 1)}},
		{"too many emails", "emails", TriggerRequest{Emails: ids(MaxTriggerRecipients + 1)}},
		{"too many per-user entries", "per_user_data", TriggerRequest{PerUserData: make([]UserData, MaxTriggerRecipients+1)}},
		{"blank email", "emails[1]", TriggerRequest{Emails: []string{"a@b.com", ""}}},
		{"per-user entry with id and email", "per_user_data[0]", TriggerRequest{PerUserData: []UserData{{ID: "1", Email: "a@b.com"}}}},
		{"per-user entry with neither", "per_user_data[1]", TriggerRequest{PerUserData: []UserData{{ID: "1"}, {}}}},
		{"data over 50,000 bytes", "data", TriggerRequest{Data: map[string]any{"blob": strings.Repeat("x", MaxTriggerDataBytes)}}},
		{"NaN in data", "data.score", TriggerRequest{Data: map[string]any{"score": math.NaN()}}},
		{"Inf in per-user data", "per_user_data[0].data.n", TriggerRequest{PerUserData: []UserData{{ID: "1", Data: map[string]any{"n": math.Inf(1)}}}}},
		{"bad filter", "recipients.or", TriggerRequest{Recipients: Or()}},
		{"data file URL not a URL", "data_file_url", TriggerRequest{DataFileURL: "audience.jsonl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			_, err := srv.client().Broadcasts.Trigger(t.Context(), 15, tt.req)
			assertValidation(t, err, tt.field)
		})
	}
	others := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"Trigger broadcast 0", "broadcast_id", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.Trigger(ctx, 0, TriggerRequest{})
			return err
		}},
		{"GetTrigger trigger 0", "trigger_id", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.GetTrigger(ctx, 15, 0)
			return err
		}},
		{"ListTriggerErrors with a cursor that is no offset", "start", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.ListTriggerErrors(ctx, 15, 73, ListOptions{Start: "abc"})
			return err
		}},
		{"ListTriggerErrors broadcast 0", "broadcast_id", func(ctx context.Context, c *Client) error {
			_, err := c.Broadcasts.ListTriggerErrors(ctx, 0, 73, ListOptions{})
			return err
		}},
	}
	for _, tt := range others {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			assertValidation(t, tt.call(t.Context(), srv.client()), tt.field)
		})
	}
}
