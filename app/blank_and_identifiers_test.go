package app

import (
	"context"
	"errors"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestWhitespaceOnlyIDIsBlank pins that an id of only spaces or tabs is a
// *customerio.ValidationError naming the field before any request, in paths,
// id lists and identifiers alike.
func TestWhitespaceOnlyIDIsBlank(t *testing.T) {
	c := newServer(t).client()
	calls := []struct {
		name, field string
		call        func(ctx context.Context) error
	}{
		{"GetAttributes", "customer_id", func(ctx context.Context) error {
			_, err := c.Customers.GetAttributes(ctx, " \t", "")
			return err
		}},
		{"GetByIDs", "ids[1]", func(ctx context.Context) error {
			_, err := c.Customers.GetByIDs(ctx, []string{"1", "  "}, "")
			return err
		}},
		{"SendEmail", "identifiers.id", func(ctx context.Context) error {
			_, err := c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(3), Identifiers: customerio.ByID("  "), To: "a@b.com"})
			return err
		}},
	}
	for _, tt := range calls {
		var ve *customerio.ValidationError
		if err := tt.call(t.Context()); !errors.As(err, &ve) || !names(ve, tt.field) {
			t.Errorf("%s: err = %v, want a *customerio.ValidationError naming %s", tt.name, err, tt.field)
		}
	}
}

// TestTransactionalSendsRequireIdentifiers pins that every transactional send
// without identifiers, which Customer.io requires, is refused before any
// request.
func TestTransactionalSendsRequireIdentifiers(t *testing.T) {
	c := newServer(t).client()
	sends := map[string]func(ctx context.Context) error{
		"email": func(ctx context.Context) error {
			_, err := c.SendEmail(ctx, SendEmailRequest{TransactionalMessageID: TemplateID(3), To: "a@b.com"})
			return err
		},
		"push": func(ctx context.Context) error {
			_, err := c.SendPush(ctx, SendPushRequest{TransactionalMessageID: TemplateID(4)})
			return err
		},
		"sms": func(ctx context.Context) error {
			_, err := c.SendSMS(ctx, SendSMSRequest{TransactionalMessageID: TemplateID(5), To: "+15551234567"})
			return err
		},
		"inbox": func(ctx context.Context) error {
			_, err := c.SendInboxMessage(ctx, SendInboxMessageRequest{TransactionalMessageID: TemplateID(6)})
			return err
		},
		"whatsapp": func(ctx context.Context) error {
			_, err := c.SendWhatsApp(ctx, SendWhatsAppRequest{TransactionalMessageID: TemplateID(8)})
			return err
		},
		"in-app": func(ctx context.Context) error {
			_, err := c.SendInApp(ctx, SendInAppRequest{TransactionalMessageID: TemplateID(7)})
			return err
		},
	}
	for name, send := range sends {
		var ve *customerio.ValidationError
		if err := send(t.Context()); !errors.As(err, &ve) || !names(ve, "identifiers") {
			t.Errorf("%s without identifiers: err = %v, want a *customerio.ValidationError naming identifiers", name, err)
		}
	}
}

// names reports whether ve has a problem with field.
func names(ve *customerio.ValidationError, field string) bool {
	for _, f := range ve.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
