// Package customeriotest is an in-memory fake of Customer.io for tests: the Track
// API (v1 and v2), every route of the App API the app package calls (sends,
// people, segments, objects, campaigns, broadcasts, newsletters, transactional
// templates and their reports, the workspace's deliveries and activities,
// exports and imports, collections, snippets, senders, reporting webhooks,
// suppressions, opt-outs, Design Studio emails, components and folders, the
// asset library), and the Data Pipelines API, all served from one HTTPS test
// server speaking HTTP/2.
//
// Start one per test and point any client of this module at it with Option:
//
//	srv := customeriotest.NewServer()
//	defer srv.Close()
//	c, err := track.New(srv.SiteID(), srv.APIKey(), srv.Option())
//
// The fake keeps the state Customer.io would keep (people and their attributes,
// devices, events, suppressions, objects and relationships, manual segments,
// transactional sends, broadcast triggers, campaigns, newsletters, exports,
// Design Studio content, uploaded assets with their bytes, Data Pipelines
// messages) and answers
// with the paths, status codes and body shapes Customer.io documents, so what a
// Track write puts there is what the App API reads back. Accessors such as Person,
// Events and PipelineMessages return copies of that state for assertions (a
// caller can never change the server through them), and Requests returns every
// request received, without its Authorization header. The records use the
// root package's names: people are customerio.Identifiers, objects carry a
// customerio.Object, metrics and webhook events a customerio.Metric and
// devices a customerio.Platform, so what a test sent through a client compares
// directly with what the fake recorded.
//
// Credentials are checked like the real service checks them: Track routes take
// HTTP Basic site ID and API key, the App API a Bearer key, Data Pipelines Basic
// with the write key and an empty password; a wrong or missing credential is
// answered 401. The unauthenticated Track routes (/api/v1/metrics,
// /api/v1/push/events, /unsubscribe/{delivery_id}) and the App API's
// /v1/info/ip_addresses take none.
//
// The size limits are Customer.io's, read as decimal bytes: a Track v2 entity or
// batch item over customerio.MaxEntityBytes is refused, and so is a whole
// /api/v2/batch body over customerio.MaxBatchBytes, with 400 as the reference
// documents for a rejected request (Customer.io documents no 413 for it). Data
// Pipelines answers 200 and drops such payloads unless the request carries
// X-Strict-Mode: 1; dropped messages stay visible through PipelineMessages.
//
// Faults are scripted per test: FailNext answers the next requests with an error
// status (and Retry-After), DropNext ends them without an answer, SetLatency holds
// every answer back, and Route installs a Rule for the requests matching a method
// and path pattern (Rule.AfterApply applies a request before failing it, the
// case retries with de-duplication ids exist for). Reset clears them.
// WithRequestHook tells a test when a request has reached the server, for
// instance to cancel it while a delay holds it.
//
// SendWebhooks makes the server act as a reporting webhook: it posts signed
// events (X-CIO-Timestamp and X-CIO-Signature, as webhook.Verifier checks them)
// to the test's handler for what happens in the workspace: "sent" and
// "delivered" for every transactional send and for each person a broadcast
// trigger lists. ScriptWebhook and EmitWebhook add any other event, such as an
// open, a click or a bounce of a delivery. Events are posted in order from a
// goroutine of the server that Close stops; an answer other than 2xx is retried
// with the same event id (WebhookAttempts, WebhookBackoff), holding back the
// events behind it. WebhookDeliveries lists every attempt, and WaitWebhooks
// waits until nothing is left to post, so tests need no sleeps. A reporting
// webhook created or updated through the App API (POST and PUT
// /v1/reporting_webhooks) does the same for its endpoint, signed with
// ReportingWebhookSigningKey, until it is disabled or deleted.
//
// Where Customer.io leaves a behaviour undocumented the fake picks the plain
// reading and says so on the method or type concerned; rate limits are not
// enforced (script a 429 with FailNext or Route instead).
//
// # Routes
//
// The fake serves these routes, and keeps or reads the state noted beside
// each. Any other method and path is answered 501 Not Implemented, with a body
// naming them in the error shape of the API the path belongs to, so a call the
// fake does not model never passes for a missing resource; 404 means a known
// route whose resource does not exist, and 405 a known path with another method.
// Endpoints lists the same routes.
//
//	Track API v1 (Basic site ID : API key; metrics, push events and unsubscribe open)
//	GET    /api/v1/accounts/region                          reads the region of the workspace
//	PUT    /api/v1/customers/{identifier}                   creates or updates a person and their attributes
//	DELETE /api/v1/customers/{identifier}                   deletes a person
//	PUT    /api/v1/customers/{identifier}/devices           adds or updates a push device
//	DELETE /api/v1/customers/{identifier}/devices/{device_id} removes a device
//	POST   /api/v1/customers/{identifier}/suppress          deletes and suppresses a person
//	POST   /api/v1/customers/{identifier}/unsuppress        lifts a suppression
//	POST   /api/v1/customers/{identifier}/events            records an event, page or screen view
//	POST   /api/v1/events                                   records an anonymous event
//	POST   /api/v1/forms/{form_id}/submit                   records a form submission (FormSubmissions)
//	POST   /api/v1/merge_customers                          merges two people (Merges)
//	POST   /api/v1/metrics                                  records a delivery metric (Metrics)
//	POST   /api/v1/push/events                              records a push metric (Metrics)
//	POST   /api/v1/segments/{segment_id}/add_customers      adds people to a manual segment
//	POST   /api/v1/segments/{segment_id}/remove_customers   removes people from a manual segment
//	POST   /unsubscribe/{delivery_id}                       records an unsubscribe (Unsubscribes)
//
//	Track API v2 (Basic site ID : API key)
//	POST   /api/v2/entity                                   applies one person, object or delivery operation
//	POST   /api/v2/batch                                    applies a batch of them (207 for refused items)
//
//	App API (Bearer App API key)
//	POST   /v1/send/{type}                                  records a transactional send (Sends)
//	GET    /v1/customers                                    finds people by email
//	POST   /v1/customers                                    searches people with a filter, cursor-paged
//	POST   /v1/customers/attributes                         reads up to 100 profiles
//	GET    /v1/customers/{customer_id}/attributes           reads a profile
//	GET    /v1/customers/{customer_id}/segments             reads the segments a person is in
//	GET    /v1/customers/{customer_id}/relationships        reads a person's object relationships, cursor-paged
//	GET    /v1/customers/{customer_id}/activities           reads a person's events, attribute changes and deliveries, newest first
//	GET    /v1/customers/{customer_id}/messages             reads the deliveries sent to a person, newest first
//	GET    /v1/customers/{customer_id}/subscription_preferences reads the topics of cio_subscription_preferences
//	GET    /v1/segments                                     lists segments
//	POST   /v1/segments                                     creates a manual segment
//	GET    /v1/segments/{segment_id}                        reads a segment
//	DELETE /v1/segments/{segment_id}                        deletes a manual segment
//	GET    /v1/segments/{segment_id}/membership             reads a segment's members, cursor-paged
//	GET    /v1/segments/{segment_id}/customer_count         counts a segment's members
//	GET    /v1/segments/{segment_id}/used_by                reads what uses a segment (nothing: no campaigns)
//	POST   /v1/campaigns/{broadcast_id}/triggers            records a broadcast trigger (Triggers)
//	GET    /v1/campaigns/{broadcast_id}/triggers/{trigger_id} reads a trigger
//	GET    /v1/campaigns/{broadcast_id}/triggers/{trigger_id}/errors reads the trigger's entries that named nobody, offset-paged
//	GET    /v1/broadcasts                                   lists broadcasts (seeded; AddBroadcast)
//	GET    /v1/broadcasts/{broadcast_id}                    reads a broadcast
//	GET    /v1/broadcasts/{broadcast_id}/messages           lists a broadcast's deliveries, newest first
//	GET    /v1/broadcasts/{broadcast_id}/actions            lists a broadcast's actions (AddAction)
//	GET    /v1/broadcasts/{broadcast_id}/actions/{action_id} reads an action
//	PUT    /v1/broadcasts/{broadcast_id}/actions/{action_id} updates an action's content
//	GET    /v1/broadcasts/{broadcast_id}/actions/{action_id}/language/{language} reads a translation
//	PUT    /v1/broadcasts/{broadcast_id}/actions/{action_id}/language/{language} updates a translation
//	GET    /v1/broadcasts/{broadcast_id}/metrics            counts the broadcast's deliveries and metrics per period
//	GET    /v1/broadcasts/{broadcast_id}/actions/{action_id}/metrics the same for one action
//	GET    /v1/broadcasts/{broadcast_id}/metrics/links      counts clicks per link per period
//	GET    /v1/broadcasts/{broadcast_id}/actions/{action_id}/metrics/links the same for one action
//	GET    /v1/broadcasts/{broadcast_id}/triggers           lists a broadcast's triggers
//	GET    /v1/campaigns                                    lists campaigns (seeded; AddCampaign)
//	GET    /v1/campaigns/{campaign_id}                      reads a campaign
//	GET    /v1/campaigns/{campaign_id}/messages             lists a campaign's deliveries, newest first
//	GET    /v1/campaigns/{campaign_id}/actions              lists a campaign's actions, 10 a page (AddAction)
//	GET    /v1/campaigns/{campaign_id}/actions/{action_id}  reads an action
//	PUT    /v1/campaigns/{campaign_id}/actions/{action_id}  updates an action's content
//	GET    /v1/campaigns/{campaign_id}/actions/{action_id}/language/{language} reads a translation
//	PUT    /v1/campaigns/{campaign_id}/actions/{action_id}/language/{language} updates a translation
//	GET    /v1/campaigns/{campaign_id}/metrics              counts deliveries and metrics per point (version 2) or period (version 1)
//	GET    /v1/campaigns/{campaign_id}/actions/{action_id}/metrics the same for one action, per language for a multi-language one
//	GET    /v1/campaigns/{campaign_id}/metrics/links        counts clicks per link per period
//	GET    /v1/campaigns/{campaign_id}/actions/{action_id}/metrics/links the same for one action
//	GET    /v1/campaigns/{campaign_id}/journey_metrics      counts journeys begun per point and what they reached
//	GET    /v1/transactional                                lists templates (AddTransactionalMessage)
//	GET    /v1/transactional/{transactional_id}             reads a template
//	GET    /v1/transactional/{transactional_id}/contents    lists a template's contents (TransactionalContents)
//	GET    /v1/transactional/{transactional_id}/contents/{content_id} reads one content
//	PUT    /v1/transactional/{transactional_id}/content/{content_id}  updates one content
//	GET    /v1/transactional/{transactional_id}/language/{language}   reads a translation (AddTransactionalLanguage)
//	PUT    /v1/transactional/{transactional_id}/language/{language}   updates a translation
//	GET    /v1/transactional/{transactional_id}/metrics     counts the template's sends and their metrics per period
//	GET    /v1/transactional/{transactional_id}/metrics/links counts clicks per link per period
//	GET    /v1/transactional/{transactional_id}/messages    lists the template's deliveries, newest first
//	POST   /v1/objects                                      searches objects of one type with a filter, cursor-paged
//	GET    /v1/object_types                                 lists the types objects have
//	GET    /v1/objects/{object_type_id}/{object_id}/attributes    reads an object (id_type object_id or cio_object_id)
//	GET    /v1/objects/{object_type_id}/{object_id}/relationships reads the people related to an object, cursor-paged
//	POST   /v1/collections                                  creates a collection from data or a URL (Collections)
//	GET    /v1/collections                                  lists collections
//	GET    /v1/collections/{collection_id}                  reads a collection
//	PUT    /v1/collections/{collection_id}                  renames a collection or replaces its contents
//	DELETE /v1/collections/{collection_id}                  deletes a collection
//	GET    /v1/collections/{collection_id}/content          reads a collection's contents as given
//	PUT    /v1/collections/{collection_id}/content          replaces a collection's contents
//	GET    /v1/snippets                                     lists snippets (Snippets)
//	POST   /v1/snippets                                     creates a snippet (422 for a taken name)
//	PUT    /v1/snippets                                     creates or replaces a snippet
//	DELETE /v1/snippets/{snippet_name}                      deletes a snippet
//	POST   /v1/data_index/attributes                        checks attribute descriptions (1 to 100)
//	POST   /v1/data_index/events                            checks event descriptions (1 to 100)
//	POST   /v1/live_notifications/start                     starts a live notification for a person (LiveNotifications)
//	POST   /v1/live_notifications/update                    replaces a running notification's content state
//	POST   /v1/live_notifications/end                       ends a running notification
//	GET    /v1/live_notifications/{instance_id}             reads a notification's state and last delivery
//	GET    /v1/customers/{customer_id}/optouts              reads the senders a person opted out of
//	PUT    /v1/customers/{customer_id}/optouts              opts a person out of, or back in to, senders
//	GET    /v1/optouts                                      lists people with opt-outs, cursor-paged
//	GET    /v1/sender_identities                            lists the two seeded senders, cursor-paged
//	GET    /v1/sender_identities/{sender_id}                reads a sender
//	GET    /v1/sender_identities/{sender_id}/used_by        reads what uses a sender (nothing: no campaigns)
//	POST   /v1/reporting_webhooks                           creates a reporting webhook and posts events to it (ReportingWebhookSigningKey)
//	GET    /v1/reporting_webhooks                           lists reporting webhooks
//	GET    /v1/reporting_webhooks/{webhook_id}              reads a reporting webhook
//	PUT    /v1/reporting_webhooks/{webhook_id}              replaces a reporting webhook's configuration
//	DELETE /v1/reporting_webhooks/{webhook_id}              deletes a reporting webhook
//	POST   /v1/esp/suppression/{suppression_type}/{email_address} puts an address on an ESP suppression list
//	DELETE /v1/esp/suppression/{suppression_type}/{email_address} takes an address off it
//	GET    /v1/esp/suppression/{suppression_type}           lists an ESP suppression list, offset-paged
//	GET    /v1/esp/domains/{domain_name}/suppression/{suppression_type} the same, cursor-paged (one sending domain)
//	GET    /v1/esp/search_suppression/{email_address}       finds an address on the ESP suppression lists
//	GET    /v1/subscription_channels                        lists the two seeded subscription channels
//	GET    /v1/subscription_topics                          lists the two seeded subscription topics
//	GET    /v1/subscription_center/{customer_id}/token      makes a person's subscription-center token and link
//	GET    /v1/workspaces                                   lists the one workspace and its counts
//	GET    /v1/info/ip_addresses                            lists Customer.io's US sending addresses (no credentials)
//	GET    /v1/design_studio/components                     lists components and the folders under the filter, page-numbered
//	POST   /v1/design_studio/components                     creates a component (Components)
//	GET    /v1/design_studio/components/{id}                reads a component with its content
//	PUT    /v1/design_studio/components/{id}                changes a component's name, tag, folder or content
//	DELETE /v1/design_studio/components/{id}                deletes a component
//	GET    /v1/design_studio/folders                        lists Design Studio folders, page-numbered (AddDesignFolder)
//	POST   /v1/design_studio/folders                        creates a folder
//	GET    /v1/design_studio/folders/{id}                   reads a folder
//	PUT    /v1/design_studio/folders/{id}                   renames or moves a folder
//	DELETE /v1/design_studio/folders/{id}                   deletes a folder, its subfolders and their components
//	GET    /v1/assets                                       lists file assets, page-numbered
//	POST   /v1/assets/files                                 stores a multipart upload (Assets), refusing files over 2 MB, other types, images over 4096 px
//	GET    /v1/assets/files/{id}                            reads a file asset
//	PUT    /v1/assets/files/{id}                            renames or moves a file asset
//	DELETE /v1/assets/files/{id}                            deletes a file asset
//	GET    /v1/assets/folders                               lists asset folders, page-numbered
//	POST   /v1/assets/folders                               creates an asset folder (names unique per parent, else 409)
//	GET    /v1/assets/folders/{id}                          reads an asset folder
//	PUT    /v1/assets/folders/{id}                          renames or moves an asset folder
//	DELETE /v1/assets/folders/{id}                          deletes an empty asset folder (else 409)
//	GET    /v1/newsletters                                  lists newsletters, seeded ones included (SeededNewsletterID), cursor-paged
//	POST   /v1/newsletters                                  creates a newsletter: a draft, scheduled, or sent now (send_now)
//	GET    /v1/newsletters/{newsletter_id}                  reads a newsletter
//	DELETE /v1/newsletters/{newsletter_id}                  deletes a newsletter with its variants and deliveries
//	POST   /v1/newsletters/{newsletter_id}/send             sends a draft: a delivery per person its recipients match
//	POST   /v1/newsletters/{newsletter_id}/schedule         schedules a draft; it sends when the server's clock gets there
//	GET    /v1/newsletters/{newsletter_id}/contents         lists a newsletter's variants
//	GET    /v1/newsletters/{newsletter_id}/contents/{content_id} reads a variant
//	PUT    /v1/newsletters/{newsletter_id}/contents/{content_id} updates a variant
//	POST   /v1/newsletters/{newsletter_id}/language         adds a translation
//	GET    /v1/newsletters/{newsletter_id}/language/{language} reads a translation
//	PUT    /v1/newsletters/{newsletter_id}/language/{language} updates a translation
//	DELETE /v1/newsletters/{newsletter_id}/language/{language} deletes a translation
//	POST   /v1/newsletters/{newsletter_id}/test_groups      adds an A/B test group, a copy of group A
//	GET    /v1/newsletters/{newsletter_id}/test_groups      lists the test groups and their variants
//	POST   /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language adds a translation to a test group
//	GET    /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language} reads a test group's translation
//	PUT    /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language} updates it
//	DELETE /v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language} deletes it
//	GET    /v1/newsletters/{newsletter_id}/messages         lists a newsletter's deliveries, newest first
//	GET    /v1/newsletters/{newsletter_id}/metrics          counts its deliveries and their metrics per period
//	GET    /v1/newsletters/{newsletter_id}/metrics/links    counts clicks per link per period
//	GET    /v1/newsletters/{newsletter_id}/contents/{content_id}/metrics the same for one variant
//	GET    /v1/newsletters/{newsletter_id}/contents/{content_id}/metrics/links the same for one variant
//	GET    /v1/messages                                     lists the workspace's deliveries (sends, newsletters, campaigns, broadcasts), newest first
//	GET    /v1/messages/{message_id}                        reads a delivery
//	GET    /v1/messages/{message_id}/archived_message       reads a delivery as sent
//	GET    /v1/activities                                   reads every person's activities, newest first
//	POST   /v1/exports/customers                            exports the people a filter matches, as CSV
//	POST   /v1/exports/deliveries                           exports a newsletter's or template's deliveries, as CSV
//	GET    /v1/exports                                      lists exports
//	GET    /v1/exports/{export_id}                          reads an export: pending, then done from the second read
//	GET    /v1/exports/{export_id}/download                 hands out a signed link to a done export's file
//	POST   /v1/imports                                      queues a CSV import (the file is never fetched)
//	GET    /v1/imports/{import_id}                          reads an import: imported, with no rows
//
//	Export files (signed link, no credentials)
//	GET    /downloads/{token}                               the CSV of an export, for 15 minutes
//	App API, Design Studio emails (Bearer App API key; errors as {"errors":[…]}; the 5 requests per
//	second limit of render, preview, review, link and publish is not enforced: script a 429 with Route)
//	GET    /v1/design_studio/emails                         lists default emails, filtered, sorted, page-numbered (meta.pagination)
//	POST   /v1/design_studio/emails                         creates an email; unknown fields are refused
//	GET    /v1/design_studio/emails/{id}                    reads a default email
//	PUT    /v1/design_studio/emails/{id}                    updates part of an email (204)
//	DELETE /v1/design_studio/emails/{id}                    deletes an email with its translations and versions
//	GET    /v1/design_studio/emails/{id}/languages          lists the email's translations
//	POST   /v1/design_studio/emails/{id}/languages          adds a translation, copying what it leaves out (409 for a known language)
//	GET    /v1/design_studio/emails/{id}/languages/{language} reads a translation
//	PUT    /v1/design_studio/emails/{id}/languages/{language} updates part of a translation (204)
//	DELETE /v1/design_studio/emails/{id}/languages/{language} deletes a translation (409 while the email is linked)
//	POST   /v1/design_studio/emails/{id}/link               links the email to one workflow (409 for a taken one unless force)
//	POST   /v1/design_studio/emails/{id}/publish            publishes a linked email, saving a version per variant: done at once with one language, pending with translations
//	GET    /v1/design_studio/emails/{id}/publish_status     a pending publish: pending on the first read, done from the second on
//	GET    /v1/design_studio/emails/{id}/unpublished_changes true for a linked email changed since its last publish
//	GET    /v1/design_studio/emails/{id}/render             a variant's markup, liquid left as written
//	POST   /v1/design_studio/emails/{id}/preview            a variant with {{scope.key}} (and | default: "…") filled from sample data, undefined ones in errors
//	GET    /v1/design_studio/emails/{id}/review             a few checks (unsubscribe, preheader, html-clip, liquid) and a score
//	GET    /v1/design_studio/emails/{id}/versions           lists a variant's versions, newest first, by start_date and end_date
//	POST   /v1/design_studio/emails/{id}/versions           saves a version; unchanged content returns the latest with created false
//	GET    /v1/design_studio/emails/{id}/versions/{version_id} reads a version's node (no component dependencies)
//	DELETE /v1/design_studio/emails/{id}/versions/{version_id} deletes a version (409 for one saved on publish)
//	POST   /v1/design_studio/emails/{id}/versions/{version_id}/restore puts a version back in the draft
//	POST   /v1/design_studio/emails/{id}/inbox_previews     starts a job, a credit per client (402 past the 25 free and 100 paid); a repeat the same UTC day is replayed free
//	GET    /v1/design_studio/emails/{id}/inbox_previews/{run_id} reads a job: its captures pending on the first read, complete from the second on
//	GET    /v1/design_studio/emails/{id}/inbox_previews/{run_id}/captures/{client_id} a processed capture's image (a one-pixel PNG); 409 while pending
//	GET    /v1/design_studio/inbox_previews/jobs            lists jobs newest first, by node_id, cursor-paged (cursor, meta.pagination.next_cursor)
//	GET    /v1/design_studio/inbox_previews/clients         the fake's catalog of four clients
//	GET    /v1/design_studio/inbox_previews/credits         the free and paid grants, nested in a list
//
//	Data Pipelines (Basic write key : empty password)
//	POST   /v1/identify                                     records the message (PipelineMessages) and applies it to people
//	POST   /v1/track                                        the same, for an event
//	POST   /v1/page                                         the same, for a page view
//	POST   /v1/screen                                       the same, for a screen view
//	POST   /v1/group                                        the same, for a group (object) call
//	POST   /v1/alias                                        the same, for an alias
//	POST   /v1/batch                                        the same, for each message of a batch
package customeriotest
