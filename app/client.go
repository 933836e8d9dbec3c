package app

import (
	"fmt"
	"io"
	"strings"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/internal/settings"
	"github.com/gocustomerio/customerio/internal/transport"
	"github.com/gocustomerio/customerio/internal/validate"
)

// Client calls Customer.io's App API for one workspace, authenticated with an App
// API key sent as a Bearer token. It is immutable and safe for concurrent use;
// build one with New and share it. Its service fields are set by New and must not
// be replaced.
//
// Formatting a Client with any fmt verb shows its base URL and workspace id only,
// never the key.
type Client struct {
	api         *transport.Client
	workspaceID string

	// Customers reads people: lookups, search, attributes, segments, messages,
	// activities, relationships and subscription preferences.
	Customers *CustomersService
	// Segments lists, creates, reads and deletes segments and walks their members.
	Segments *SegmentsService
	// Transactional reads and edits transactional message templates and lists
	// their deliveries.
	Transactional *TransactionalService
	// Broadcasts reads and triggers API-triggered broadcasts, follows the
	// triggers, and reads and edits their actions.
	Broadcasts *BroadcastsService
	// Campaigns reads campaigns (automations), their actions, deliveries and
	// metrics, and edits the content of their actions.
	Campaigns *CampaignsService
	// Objects reads custom objects: their types, attributes and related people.
	Objects *ObjectsService
	// Collections manages collections of data that messages read with Liquid.
	Collections *CollectionsService
	// Snippets manages snippets, reusable pieces of message content.
	Snippets *SnippetsService
	// DataIndex describes attributes and events in the Data Index.
	DataIndex *DataIndexService
	// LiveNotifications starts, updates and ends live notifications.
	LiveNotifications *LiveNotificationsService
	// SenderIdentities reads the senders messages are "from".
	SenderIdentities *SenderIdentitiesService
	// ReportingWebhooks creates, reads, changes and deletes reporting webhooks.
	ReportingWebhooks *ReportingWebhooksService
	// ESPSuppressions reads and changes the email service provider's
	// suppression lists.
	ESPSuppressions *ESPSuppressionsService
	// OptOuts lists the workspace's SMS and WhatsApp opt-outs.
	OptOuts *OptOutsService
	// SubscriptionCenter reads subscription topics and channels and makes
	// links to a person's subscription page.
	SubscriptionCenter *SubscriptionCenterService
	// Workspaces lists the account's workspaces.
	Workspaces *WorkspacesService
	// Info reads the addresses Customer.io sends from.
	Info *InfoService
	// Components manages Design Studio's custom components.
	Components *ComponentsService
	// DesignFolders manages the folders of Design Studio's files.
	DesignFolders *DesignFoldersService
	// Assets manages the asset library: file uploads and asset folders.
	Assets *AssetsService
	// Newsletters creates, sends and schedules newsletters, edits their
	// translations and A/B test groups, and reports their deliveries and
	// metrics.
	Newsletters *NewslettersService
	// Exports starts exports of people or deliveries and waits for their files.
	Exports *ExportsService
	// Imports starts CSV imports and reports their progress.
	Imports *ImportsService
	// Messages reads the deliveries of the whole workspace.
	Messages *MessagesService
	// Activities reads the activity log of the whole workspace.
	Activities *ActivitiesService
	// DesignEmails manages Design Studio emails: content, translations, linking
	// and publishing, checks, versions and inbox previews.
	DesignEmails *DesignEmailsService
}

// New returns an App API client authenticated with appAPIKey (Settings › API
// credentials › App API keys in Customer.io). Requests go to
// https://api.customer.io, to https://api-eu.customer.io with
// customerio.WithRegion(customerio.RegionEU), or to customerio.WithBaseURL; every
// route is under /v1.
//
// An empty key, or one holding spaces or control characters (as a key pasted with
// its trailing newline does), is a *customerio.ValidationError, and so is a
// WithWorkspaceID value that is not a number; an invalid option is returned as
// the option reports it.
func New(appAPIKey string, opts ...customerio.Option) (*Client, error) {
	const op = "app.New"
	switch {
	case appAPIKey == "":
		return nil, validate.Field(op, "appAPIKey", "must not be blank")
	case strings.ContainsFunc(appAPIKey, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return nil, validate.Field(op, "appAPIKey", "must not contain spaces or control characters")
	}
	conf, err := settings.Resolve("app", opts)
	if err != nil {
		return nil, err
	}
	if id := conf.WorkspaceID; id != "" && strings.ContainsFunc(id, func(r rune) bool { return r < '0' || r > '9' }) {
		// The value is not shown: a credential pasted into the wrong option must not
		// end up in logs.
		return nil, validate.Field(op, "WorkspaceID", "must be the workspace's numeric id (digits only)")
	}
	api := transport.New(conf, settings.AppAPI, transport.Bearer(appAPIKey))
	return &Client{
		api:                api,
		workspaceID:        conf.WorkspaceID,
		Customers:          &CustomersService{api: api},
		Segments:           &SegmentsService{api: api},
		Transactional:      &TransactionalService{api: api},
		Broadcasts:         &BroadcastsService{api: api},
		Campaigns:          &CampaignsService{api: api},
		Objects:            &ObjectsService{api: api},
		Collections:        &CollectionsService{api: api},
		Snippets:           &SnippetsService{api: api},
		DataIndex:          &DataIndexService{api: api},
		LiveNotifications:  &LiveNotificationsService{api: api},
		SenderIdentities:   &SenderIdentitiesService{api: api},
		ReportingWebhooks:  &ReportingWebhooksService{api: api},
		ESPSuppressions:    &ESPSuppressionsService{api: api},
		OptOuts:            &OptOutsService{api: api},
		SubscriptionCenter: &SubscriptionCenterService{api: api},
		Workspaces:         &WorkspacesService{api: api},
		Info:               &InfoService{api: api},
		Components:         &ComponentsService{api: api},
		DesignFolders:      &DesignFoldersService{api: api},
		Assets:             &AssetsService{api: api},
		Newsletters:        &NewslettersService{api: api},
		Exports:            &ExportsService{api: api},
		Imports:            &ImportsService{api: api},
		Messages:           &MessagesService{api: api},
		Activities:         &ActivitiesService{api: api},
		DesignEmails:       &DesignEmailsService{api: api},
	}, nil
}

// WithWorkspaceID sends id as the X-Workspace-Id header on transactional sends
// (/v1/send/…), which Customer.io requires when the credential given to New is a
// service-account token (sa_live_…) rather than an App API key. Other routes never
// carry the header.
//
// It is an option of this package only: another package's constructor refuses it.
func WithWorkspaceID(id string) customerio.Option {
	return func(s *settings.Settings) {
		s.OwnedBy("app", "app.WithWorkspaceID")
		s.WorkspaceID = id
	}
}

// String names the client by its base URL and workspace id; the key is never
// shown.
func (c *Client) String() string {
	if c == nil {
		return "app.Client(nil)"
	}
	s := "app.Client{base: " + c.api.BaseURL()
	if c.workspaceID != "" {
		s += ", workspace: " + c.workspaceID
	}
	return s + "}"
}

// Format prints String for every verb, %#v and %+v included, so no formatting of a
// Client can reach the credentials it holds.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }
