package app

import (
	"context"
	"errors"
	"math"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/retry"
)

// unix is t seconds after the epoch, in UTC as responses decode.
func unix(t int64) time.Time { return time.Unix(t, 0).UTC() }

var sendAt = unix(1700003600)

func fullEmail(t *testing.T) SendEmailRequest {
	t.Helper()
	req := SendEmailRequest{
		TransactionalMessageID: TriggerName("receipt"),
		Identifiers:            customerio.ByEmail("jane@example.com"),
		MessageData: map[string]any{
			"order_id": "A-1", "total": 23.5, "placed_at": unix(1699999000),
			"items": []any{map[string]any{"sku": "TSHIRT-M", "shipped_at": unix(1700001000)}},
		},
		SendAt:                  sendAt,
		DisableMessageRetention: true,
		SendToUnsubscribed:      customerio.Ptr(false),
		QueueDraft:              true,
		AutoCreate:              true,
		Language:                "fr",
		From:                    "Shop <shop@example.com>",
		To:                      `jane@example.com, "Doe, Joe" <joe@example.com>`,
		CC:                      "cc@example.com",
		BCC:                     "audit@example.com",
		ReplyTo:                 "support@example.com",
		Headers:                 map[string]string{"X-Campaign": "spring"},
		Preheader:               "Order A-1",
		Subject:                 "Your receipt",
		Body:                    "<p>Thanks</p>",
		BodyAMP:                 "<html amp4email></html>",
		BodyPlain:               "Thanks",
		FakeBCC:                 customerio.Ptr(true),
		DisableCSSPreprocessing: true,
		Tracked:                 customerio.Ptr(false),
	}
	if err := req.Attach("receipt.txt", []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if err := req.Attach("logo.png", []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}); err != nil {
		t.Fatal(err)
	}
	return req
}

func TestSends(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		path string
		body string
		send func(context.Context, *Client) (*SendResponse, error)
	}{
		{
			name: "email minimal has the defaulted fields",
			path: "/v1/send/email",
			body: `{"transactional_message_id":3,"identifiers":{"id":"1"},"to":"a@b.com","disable_message_retention":false,"send_to_unsubscribed":true,"tracked":true,"queue_draft":false,"disable_css_preprocessing":false}`,
			send: func(ctx context.Context, c *Client) (*SendResponse, error) {
				return c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("1"), To: "a@b.com"})
			},
		},
		{
			name: "email every field",
			path: "/v1/send/email",
			body: golden(t, "send_email_full.golden.json"),
			send: func(ctx context.Context, c *Client) (*SendResponse, error) { return c.SendEmail(ctx, fullEmail(t)) },
		},
		{
			name: "email without template",
			path: "/v1/send/email",
			body: `{"identifiers":{"id":"42"},"to":"a@b.com","from":"x@example.com","subject":"Hi","body":"Hello","disable_message_retention":false,"send_to_unsubscribed":true,"tracked":true,"queue_draft":false,"disable_css_preprocessing":false}`,
			send: func(ctx context.Context, c *Client) (*SendResponse, error) {
				return c.SendEmail(ctx, SendEmailRequest{Identifiers: customerio.ByID("42"), To: "a@b.com", From: "x@example.com", Subject: "Hi", Body: "Hello"})
			},
		},
		{
			name: "push minimal has the defaulted fields",
			path: "/v1/send/push",
			body: `{"transactional_message_id":4,"identifiers":{"id":"42"},"to":"all","sound":"default","disable_message_retention":false,"send_to_unsubscribed":true,"queue_draft":false}`,
			send: func(ctx context.Context, c *Client) (*SendResponse, error) {
				return c.SendPush(ctx, SendPushRequest{TransactionalMessageID: TemplateID(4), Identifiers: customerio.ByID("42")})
			},
		},
		{
			name: "push every field",
			path: "/v1/send/push",
			body: golden(t, "send_push_full.golden.json"),
			send: func(ctx context.Context, c *Client) (*SendResponse, error) {
				return c.SendPush(ctx, SendPushRequest{
					TransactionalMessageID:  TemplateID(4),
					Identifiers:             customerio.ByCIOID("a3000001"),
					MessageData:             map[string]any{"count": 3},
					SendAt:                  sendAt,
					DisableMessageRetention: true,
					SendToUnsubscribed:      customerio.Ptr(false),
					QueueDraft:              true,
					AutoCreate:              true,
					Language:                "de",
					To:                      PushToLastUsed,
					Title:                   "Hi",
					Message:                 "You have 3 new messages",
					ImageURL:                "https://example.com/i.png",
					Link:                    "myapp://inbox",
					Sound:                   SoundNone,
					CustomData:              map[string]any{"thread": "t-9", "at": unix(1700001000)},
					CustomDevice: &customerio.Device{
						Token: "dev-token-1", Platform: "ios", LastUsed: unix(1699990000),
						Attributes: map[string]any{"app_version": "2.4.1", "seen": unix(1699990001)},
					},
					CustomPayload: map[string]any{"ios": map[string]any{"aps": map[string]any{"alert": "Hi", "badge": 3}}},
				})
			},
		},
		{
			name: "sms minimal has the defaulted fields",
			path: "/v1/send/sms",
			body: `{"transactional_message_id":5,"identifiers":{"id":"1"},"to":"+15551234567","disable_message_retention":false,"send_to_unsubscribed":true,"queue_draft":false}`,
			send: func(ctx context.Context, c *Client) (*SendResponse, error) {
				return c.SendSMS(ctx, SendSMSRequest{TransactionalMessageID: TemplateID(5), Identifiers: customerio.ByID("1"), To: "+15551234567"})
			},
		},
		{
			name: "sms every field",
			path: "/v1/send/sms",
			body: golden(t, "send_sms_full.golden.json"),
			send: func(ctx context.Context, c *Client) (*SendResponse, error) {
				return c.SendSMS(ctx, SendSMSRequest{
					TransactionalMessageID: TriggerName("otp"), Identifiers: customerio.ByID("42"),
					MessageData: map[string]any{"code": "481516"}, SendAt: sendAt,
					DisableMessageRetention: true, SendToUnsubscribed: customerio.Ptr(false), QueueDraft: true,
					AutoCreate: true, Language: "es", To: "+15551234567", From: "+15557654321", Tracked: customerio.Ptr(false),
				})
			},
		},
		{
			name: "in-app minimal",
			path: "/v1/send/in_app",
			body: `{"transactional_message_id":"welcome_banner","identifiers":{"id":"42"}}`,
			send: func(ctx context.Context, c *Client) (*SendResponse, error) {
				return c.SendInApp(ctx, SendInAppRequest{TransactionalMessageID: TriggerName("welcome_banner"), Identifiers: customerio.ByID("42")})
			},
		},
		{
			name: "in-app every field",
			path: "/v1/send/in_app",
			body: golden(t, "send_inapp_full.golden.json"),
			send: func(ctx context.Context, c *Client) (*SendResponse, error) {
				return c.SendInApp(ctx, SendInAppRequest{
					TransactionalMessageID: TriggerName("welcome_banner"), Identifiers: customerio.ByID("42"),
					MessageData: map[string]any{"first_name": "Jane"}, SendAt: sendAt,
					QueueDraft: true, AutoCreate: true, Language: "en",
				})
			},
		},
		{
			name: "inbox minimal has the defaulted fields",
			path: "/v1/send/inbox_message",
			body: `{"transactional_message_id":6,"identifiers":{"email":"jane@example.com"},"disable_message_retention":false,"queue_draft":false}`,
			send: func(ctx context.Context, c *Client) (*SendResponse, error) {
				return c.SendInboxMessage(ctx, SendInboxMessageRequest{TransactionalMessageID: TemplateID(6), Identifiers: customerio.ByEmail("jane@example.com")})
			},
		},
		{
			name: "inbox every field",
			path: "/v1/send/inbox_message",
			body: golden(t, "send_inbox_full.golden.json"),
			send: func(ctx context.Context, c *Client) (*SendResponse, error) {
				return c.SendInboxMessage(ctx, SendInboxMessageRequest{
					TransactionalMessageID: TemplateID(6), Identifiers: customerio.ByEmail("jane@example.com"),
					MessageData: map[string]any{"invoice": "INV-9"}, SendAt: sendAt,
					DisableMessageRetention: true, QueueDraft: true, AutoCreate: true, Language: "en", To: "jane@example.com",
				})
			},
		},
		{
			name: "whatsapp passes its fields through",
			path: "/v1/send/whatsapp",
			body: golden(t, "send_whatsapp.golden.json"),
			send: func(ctx context.Context, c *Client) (*SendResponse, error) {
				return c.SendWhatsApp(ctx, SendWhatsAppRequest{
					TransactionalMessageID: TemplateID(8), Identifiers: customerio.ByID("42"),
					Fields: map[string]any{"to": "+15551234567", "message_data": map[string]any{"code": "123", "expires_at": sendAt}},
				})
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, exchange{method: http.MethodPost, path: tt.path, body: tt.body, fixture: "send_response.json"})
			got, err := tt.send(t.Context(), srv.client())
			if err != nil {
				t.Fatal(err)
			}
			want := &SendResponse{DeliveryID: "RPILAgUBcRhIBqSfeiIwdIYJKxTY", QueuedAt: unix(1700000000)}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// TestSendDoesNotModifyTheRequest checks that normalizing times in message data
// works on copies.
func TestSendDoesNotModifyTheRequest(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{method: http.MethodPost, path: "/v1/send/email", body: golden(t, "send_email_full.golden.json"), fixture: "send_response.json"})
	req := fullEmail(t)
	if _, err := srv.client().SendEmail(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	if _, ok := req.MessageData["placed_at"].(time.Time); !ok {
		t.Errorf("message_data.placed_at became %T", req.MessageData["placed_at"])
	}
}

// TestSendLimitsExcludeAttachments sends a body just under MaxSendBytes together
// with attachments far over it: only the body counts toward the payload limit.
func TestSendLimitsExcludeAttachments(t *testing.T) {
	t.Parallel()
	req := SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("1"), To: "a@b.com", Body: strings.Repeat("x", MaxSendBytes-300)}
	if err := req.Attach("big.bin", make([]byte, MaxAttachmentBytes)); err != nil {
		t.Fatal(err)
	}
	body, err := req.encode()
	if err != nil {
		t.Fatal(err)
	}
	if len(body) < MaxSendBytes+MaxAttachmentBytes {
		t.Errorf("body is %d bytes, want the attachment included", len(body))
	}
	srv := newServer(t, exchange{method: http.MethodPost, path: "/v1/send/email", body: string(body), fixture: "send_response.json"})
	if _, err := srv.client().SendEmail(t.Context(), req); err != nil {
		t.Fatal(err)
	}
}

func TestSendValidation(t *testing.T) {
	t.Parallel()
	many := func(n int) string {
		list := make([]string, n)
		for i := range list {
			list[i] = "p" + string(rune('a'+i)) + "@example.com"
		}
		return strings.Join(list, ",")
	}
	bigAttachment := SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("1"), To: "a@b.com"}
	if err := bigAttachment.Attach("a.bin", make([]byte, MaxAttachmentBytes/2)); err != nil {
		t.Fatal(err)
	}
	if err := bigAttachment.Attach("b.bin", make([]byte, MaxAttachmentBytes/2+1)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		field string
		send  func(context.Context, *Client) (*SendResponse, error)
	}{
		{"email several identifiers", "identifiers", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(3), To: "a@b.com", Identifiers: customerio.Identifiers{ID: "1", Email: "a@b.com"}})
		}},
		{"email 16 recipients across to, cc and bcc", "to", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("1"), To: many(10), CC: many(3), BCC: many(3)})
		}},
		{"email attachments over 2 MB decoded", "attachments", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendEmail(ctx, bigAttachment)
		}},
		{"email body over 1 MB", "", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("1"), To: "a@b.com", Body: strings.Repeat("x", MaxSendBytes)})
		}},
		{"email NaN in message_data", "message_data.price", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("1"), To: "a@b.com", MessageData: map[string]any{"price": math.NaN()}})
		}},
		{"email +Inf nested in message_data", "message_data.order.total", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("1"), To: "a@b.com", MessageData: map[string]any{"order": map[string]any{"total": math.Inf(1)}}})
		}},
		{"email -Inf in a slice of message_data", "message_data.prices[1]", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("1"), To: "a@b.com", MessageData: map[string]any{"prices": []any{1.0, math.Inf(-1)}}})
		}},
		{"email negative template number", "transactional_message_id", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(-3), To: "a@b.com"})
		}},
		{"email header name with a space", "headers", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("1"), To: "a@b.com", Headers: map[string]string{"X Bad": "1"}})
		}},
		{"push without template", "transactional_message_id", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendPush(ctx, SendPushRequest{Identifiers: customerio.ByID("42")})
		}},
		{"push unknown sound", "sound", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendPush(ctx, SendPushRequest{TransactionalMessageID: TemplateID(4), Identifiers: customerio.ByID("1"), Sound: "ding"})
		}},
		{"push device without token", "custom_device.token", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendPush(ctx, SendPushRequest{TransactionalMessageID: TemplateID(4), Identifiers: customerio.ByID("1"), CustomDevice: &customerio.Device{Platform: "ios"}})
		}},
		{"push device on an unknown platform", "custom_device.platform", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendPush(ctx, SendPushRequest{TransactionalMessageID: TemplateID(4), Identifiers: customerio.ByID("1"), CustomDevice: &customerio.Device{Token: "t", Platform: "windows"}})
		}},
		{"push NaN in custom_data", "custom_data.x", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendPush(ctx, SendPushRequest{TransactionalMessageID: TemplateID(4), Identifiers: customerio.ByID("1"), CustomData: map[string]any{"x": math.NaN()}})
		}},
		{"sms without to", "to", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendSMS(ctx, SendSMSRequest{TransactionalMessageID: TemplateID(5), Identifiers: customerio.ByID("1")})
		}},
		{"in-app without identifiers", "identifiers", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendInApp(ctx, SendInAppRequest{TransactionalMessageID: TemplateID(7)})
		}},
		{"inbox without identifiers", "identifiers", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendInboxMessage(ctx, SendInboxMessageRequest{TransactionalMessageID: TemplateID(6)})
		}},
		{"inbox several identifiers", "identifiers", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendInboxMessage(ctx, SendInboxMessageRequest{TransactionalMessageID: TemplateID(6), Identifiers: customerio.Identifiers{Email: "a@b.com", CIOID: "c1"}})
		}},
		{"whatsapp repeating identifiers in fields", "identifiers", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendWhatsApp(ctx, SendWhatsAppRequest{TransactionalMessageID: TemplateID(8), Identifiers: customerio.ByID("42"), Fields: map[string]any{"identifiers": map[string]any{"id": "43"}}})
		}},
		{"whatsapp NaN in fields", "message_data.x", func(ctx context.Context, c *Client) (*SendResponse, error) {
			return c.SendWhatsApp(ctx, SendWhatsAppRequest{TransactionalMessageID: TemplateID(8), Identifiers: customerio.ByID("42"), Fields: map[string]any{"message_data": map[string]any{"x": math.Inf(1)}}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			_, err := tt.send(t.Context(), srv.client())
			assertValidation(t, err, tt.field)
			if n := srv.calls.Load(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

// assertValidation checks that err is a *customerio.ValidationError naming field.
func assertValidation(t *testing.T, err error, field string) {
	t.Helper()
	var ve *customerio.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T), want *customerio.ValidationError", err, err)
	}
	for _, f := range ve.Fields {
		if f.Field == field {
			return
		}
	}
	t.Errorf("error %v names no field %q", err, field)
}

func TestAttach(t *testing.T) {
	t.Parallel()
	var req SendEmailRequest
	if err := req.Attach("a.txt", []byte("hi?>")); err != nil {
		t.Fatal(err)
	}
	if got, want := req.Attachments["a.txt"], "aGk/Pg=="; got != want {
		t.Errorf("content %q, want standard padded Base64 %q", got, want)
	}
	assertValidation(t, req.Attach("a.txt", []byte("again")), "name")
	assertValidation(t, req.Attach("", []byte("x")), "name")
	if len(req.Attachments) != 1 {
		t.Errorf("attachments %v", req.Attachments)
	}
}

func TestCountAddresses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		list string
		want int
	}{
		{"", 0},
		{"a@b.com", 1},
		{"a@b.com,c@d.com", 2},
		{" a@b.com , , c@d.com ,", 2},
		{`"Doe, Jane" <jane@example.com>, joe@example.com`, 2},
		{`"A \" , B" <a@b.com>`, 1},
		{`<x,y@example.com>, z@example.com`, 2},
	}
	for _, tt := range tests {
		if got := countAddresses(tt.list); got != tt.want {
			t.Errorf("countAddresses(%q) = %d, want %d", tt.list, got, tt.want)
		}
	}
}

// TestSendIsNotRetriedByDefault: a send answered 503 may have been queued, so
// retry.Exponential does not repeat it unless the caller opts in.
func TestSendIsNotRetriedByDefault(t *testing.T) {
	t.Parallel()
	failing := exchange{method: http.MethodPost, path: "/v1/send/email", body: `{"transactional_message_id":3,"identifiers":{"id":"1"},"to":"a@b.com","disable_message_retention":false,"send_to_unsubscribed":true,"tracked":true,"queue_draft":false,"disable_css_preprocessing":false}`, status: http.StatusServiceUnavailable}
	req := SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("1"), To: "a@b.com"}
	delays := retry.Delays(time.Millisecond, time.Millisecond)
	tests := []struct {
		name     string
		strategy customerio.RetryStrategy
		want     int32
	}{
		{"Exponential leaves a send alone", retry.Exponential(delays, retry.MaxAttempts(3)), 1},
		{"RetryNonIdempotent repeats it", retry.Exponential(delays, retry.MaxAttempts(3), retry.RetryNonIdempotent()), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, failing, failing, failing)
			_, err := srv.client(customerio.WithRetry(tt.strategy)).SendEmail(t.Context(), req)
			if !errors.Is(err, customerio.ErrServerError) {
				t.Errorf("error %v, want a 503 *APIError", err)
			}
			if n := srv.calls.Load(); n != tt.want {
				t.Errorf("%d requests, want %d", n, tt.want)
			}
		})
	}
}
