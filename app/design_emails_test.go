package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// welcomeEmail is testdata/design_email_get.json decoded.
var welcomeEmail = DesignEmail{
	ID: "123e4567-e89b-12d3-a456-426614174000", Name: "Welcome", IsTemplate: true, IsLinked: true,
	AvailableLanguages: []string{"en", "es"},
	Content:            EmailContent{Subject: "Hi {{customer.first_name}}", PreheaderText: "Welcome aboard", HTML: "<p>Hello</p>", Text: "Hello"},
	Envelope: EmailEnvelope{
		From: "Team <team@example.com>", ReplyToID: customerio.Ptr(7), ReplyTo: "help@example.com", FakeBCC: true,
		Headers: EmailHeaders{{Name: "X-Campaign", Value: "welcome"}}, Recipient: "{{customer.email}}",
	},
	Transformers: json.RawMessage(`{"url_parameters": {"enabled": false, "parameters": []}, "css_variables": {"enabled": false, "preserve": false}}`),
	Created:      unix(1773856017), Updated: unix(1773856018),
}

const emailID = "123e4567-e89b-12d3-a456-426614174000"

func TestDesignEmailsRoutes(t *testing.T) {
	t.Parallel()
	testRoutes(t, []route{
		{
			name: "Create",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.Create(ctx, CreateEmailRequest{
					Name:       "Welcome",
					Content:    &EmailContent{Subject: "Hi", HTML: "<p>Hello</p>"},
					Envelope:   &EmailEnvelopeInput{FromID: customerio.Ptr(3), Recipient: customerio.Ptr("{{customer.email}}"), Headers: []EmailHeader{{Name: "X-Campaign", Value: "welcome"}}},
					IsTemplate: customerio.Ptr(true), ParentFolderID: "f1",
					Transformers: json.RawMessage(`{"css_inliner":{"enabled":true}}`),
				})
			},
			exchange: exchange{
				method: http.MethodPost, path: "/v1/design_studio/emails",
				body:    `{"name":"Welcome","content":{"subject":"Hi","preheader_text":"","html":"<p>Hello</p>","amp":"","text":""},"envelope":{"from_id":3,"headers":[{"name":"X-Campaign","value":"welcome"}],"recipient":"{{customer.email}}"},"is_template":true,"parent_folder_id":"f1","transformers":{"css_inliner":{"enabled":true}}}`,
				fixture: "design_email_get.json",
			},
			want: &welcomeEmail,
		},
		{
			name: "Create with a name only",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.Create(ctx, CreateEmailRequest{Name: "Welcome"})
			},
			exchange: exchange{method: http.MethodPost, path: "/v1/design_studio/emails", body: `{"name":"Welcome"}`, fixture: "design_email_get.json"},
			want:     &welcomeEmail,
		},
		{
			name:     "Get escapes the id",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.DesignEmails.Get(ctx, "a/b c") },
			exchange: exchange{method: http.MethodGet, path: "/v1/design_studio/emails/a%2Fb%20c", fixture: "design_email_get.json"},
			want:     &welcomeEmail,
		},
		{
			name: "Update sends only the set fields",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DesignEmails.Update(ctx, emailID, UpdateEmailRequest{Name: customerio.Ptr("Renamed"), IsTemplate: customerio.Ptr(false)})
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/design_studio/emails/" + emailID, body: `{"name":"Renamed","is_template":false}`, status: http.StatusNoContent},
		},
		{
			name: "Update moves the email to the root",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DesignEmails.Update(ctx, emailID, UpdateEmailRequest{ParentFolderID: customerio.Ptr("")})
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/design_studio/emails/" + emailID, body: `{"parent_folder_id":null}`, status: http.StatusNoContent},
		},
		{
			name: "Update moves the email to a folder",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DesignEmails.Update(ctx, emailID, UpdateEmailRequest{ParentFolderID: customerio.Ptr("f2"), Content: &EmailContent{HTML: "<p>x</p>"}})
			},
			exchange: exchange{method: http.MethodPut, path: "/v1/design_studio/emails/" + emailID, body: `{"content":{"subject":"","preheader_text":"","html":"<p>x</p>","amp":"","text":""},"parent_folder_id":"f2"}`, status: http.StatusNoContent},
		},
		{
			name:     "Delete",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.DesignEmails.Delete(ctx, emailID) },
			exchange: exchange{method: http.MethodDelete, path: "/v1/design_studio/emails/" + emailID, status: http.StatusNoContent},
		},
	})
}

func TestDesignEmailsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"Create without a name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Create(ctx, CreateEmailRequest{Name: "  "})
			return err
		}},
		{"Create with a 256-character name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Create(ctx, CreateEmailRequest{Name: strings.Repeat("é", 256)})
			return err
		}},
		{"Create with transformers that are not an object", "transformers", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Create(ctx, CreateEmailRequest{Name: "x", Transformers: json.RawMessage(`[1]`)})
			return err
		}},
		{"Create in a folder of spaces", "parent_folder_id", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Create(ctx, CreateEmailRequest{Name: "x", ParentFolderID: " "})
			return err
		}},
		{"Get a blank id", "id", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.Get(ctx, "")
			return err
		}},
		{"Update nothing", "", func(ctx context.Context, c *Client) error {
			return c.DesignEmails.Update(ctx, emailID, UpdateEmailRequest{})
		}},
		{"Update to a blank name", "name", func(ctx context.Context, c *Client) error {
			return c.DesignEmails.Update(ctx, emailID, UpdateEmailRequest{Name: customerio.Ptr("")})
		}},
		{"Delete a blank id", "id", func(ctx context.Context, c *Client) error {
			return c.DesignEmails.Delete(ctx, " ")
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

func TestDesignEmailTranslationsRoutes(t *testing.T) {
	t.Parallel()
	es := DesignEmail{
		ID: "223e4567-e89b-12d3-a456-426614174000", Language: "es", LanguageGroupID: emailID, IsLinked: true,
		ParentFolderID: "323e4567-e89b-12d3-a456-426614174000", AvailableLanguages: []string{"en", "es"},
		Content:  EmailContent{HTML: "<p>Hola</p>", PreheaderText: "Bienvenido", Subject: "Hola", Text: "Hola"},
		Envelope: EmailEnvelope{FakeBCC: true, From: "Team <team@example.com>", FromID: customerio.Ptr(3), Headers: EmailHeaders{}, Recipient: "{{customer.email}}"},
		Created:  unix(1773856017), Updated: unix(1773856020),
	}
	fr := DesignEmail{
		ID: "223e4567-e89b-12d3-a456-426614174000", Language: "fr", LanguageGroupID: emailID, IsTemplate: true, IsLinked: true,
		AvailableLanguages: []string{"en", "fr"},
		Content:            EmailContent{Subject: "Bonjour", HTML: "<p>Bonjour</p>"},
		Envelope:           EmailEnvelope{FakeBCC: true, Headers: EmailHeaders{{Name: "X-Lang", Value: "fr"}}, Recipient: "{{customer.email}}"},
		Created:            unix(1773856017), Updated: unix(1773856017),
	}
	base := "/v1/design_studio/emails/" + emailID + "/languages"
	testRoutes(t, []route{
		{
			name: "ListTranslations",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.ListTranslations(ctx, emailID)
			},
			exchange: exchange{method: http.MethodGet, path: base, fixture: "design_email_translations.json"},
			want:     []DesignEmail{es},
		},
		{
			name: "CreateTranslation copies what it leaves out",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.CreateTranslation(ctx, emailID, CreateTranslationRequest{Language: "fr"})
			},
			exchange: exchange{method: http.MethodPost, path: base, body: `{"language":"fr"}`, fixture: "design_email_translation.json"},
			want:     &fr,
		},
		{
			name: "GetTranslation escapes the language",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.GetTranslation(ctx, emailID, "pt/BR")
			},
			exchange: exchange{method: http.MethodGet, path: base + "/pt%2FBR", fixture: "design_email_translation.json"},
			want:     &fr,
		},
		{
			name: "UpdateTranslation",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DesignEmails.UpdateTranslation(ctx, emailID, "fr", UpdateTranslationRequest{Envelope: &EmailEnvelopeInput{BCC: customerio.Ptr("audit@example.com"), FakeBCC: customerio.Ptr(false)}})
			},
			exchange: exchange{method: http.MethodPut, path: base + "/fr", body: `{"envelope":{"bcc":"audit@example.com","fake_bcc":false}}`, status: http.StatusNoContent},
		},
		{
			name: "DeleteTranslation",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DesignEmails.DeleteTranslation(ctx, emailID, "fr")
			},
			exchange: exchange{method: http.MethodDelete, path: base + "/fr", status: http.StatusNoContent},
		},
	})
}

func TestDesignEmailTranslationsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"CreateTranslation without a language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.CreateTranslation(ctx, emailID, CreateTranslationRequest{})
			return err
		}},
		{"GetTranslation of a blank language", "language", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.GetTranslation(ctx, emailID, "")
			return err
		}},
		{"UpdateTranslation setting nothing", "", func(ctx context.Context, c *Client) error {
			return c.DesignEmails.UpdateTranslation(ctx, emailID, "fr", UpdateTranslationRequest{})
		}},
		{"DeleteTranslation of a blank email", "id", func(ctx context.Context, c *Client) error {
			return c.DesignEmails.DeleteTranslation(ctx, "", "fr")
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
