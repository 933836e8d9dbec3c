package customeriotest

import (
	"net/http"
	"net/url"
	"strings"
)

// pattern is a path template such as "/api/v1/customers/{identifier}/devices".
// "{name}" matches exactly one segment; a last "{name...}" matches the rest of
// the path (at least one segment). Literal segments are compared with the
// request's segments after each is unescaped on its own, so "%2F" inside an id
// never splits it.
type pattern struct {
	segments []string
}

func parsePattern(p string) pattern {
	return pattern{segments: strings.Split(strings.Trim(p, "/"), "/")}
}

// splitPath cuts an escaped path into unescaped segments. ok is false when a
// segment holds an invalid escape.
func splitPath(escaped string) (segs []string, ok bool) {
	raw := strings.Split(strings.TrimPrefix(escaped, "/"), "/")
	segs = make([]string, len(raw))
	for i, r := range raw {
		s, err := url.PathUnescape(r)
		if err != nil {
			return nil, false
		}
		segs[i] = s
	}
	return segs, true
}

// match reports whether segs fit the pattern, and the values of its wildcards.
func (p pattern) match(segs []string) (map[string]string, bool) {
	var params map[string]string
	for i, ps := range p.segments {
		name, wild := wildcard(ps)
		if wild && strings.HasSuffix(name, "...") {
			if i >= len(segs) {
				return nil, false
			}
			params = setParam(params, strings.TrimSuffix(name, "..."), strings.Join(segs[i:], "/"))
			return params, true
		}
		if i >= len(segs) {
			return nil, false
		}
		if wild {
			params = setParam(params, name, segs[i])
			continue
		}
		if ps != segs[i] {
			return nil, false
		}
	}
	return params, len(segs) == len(p.segments)
}

func wildcard(seg string) (string, bool) {
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

func setParam(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = make(map[string]string, 2)
	}
	m[k] = v
	return m
}

// authScheme is the credential a route demands.
type authScheme int

const (
	authTrack     authScheme = iota // Basic site ID : Track API key
	authNone                        // open Track routes
	authApp                         // Bearer App API key
	authPipelines                   // Basic write key : (empty)
)

// route is one endpoint the server answers.
type route struct {
	method  string
	pattern pattern
	auth    authScheme
	shape   errorShape
	handle  func(*exchange)
	// form marks a route whose body is multipart/form-data, not JSON.
	form bool
}

// routes lists every endpoint. App and Data Pipelines share the /v1 prefix but
// never a path, so the path picks the API and the credential check then demands
// that API's scheme (Bearer for App, Basic for Data Pipelines).
func (s *Server) routes() []route {
	r := func(method, p string, auth authScheme, shape errorShape, h func(*exchange)) route {
		return route{method: method, pattern: parsePattern(p), auth: auth, shape: shape, handle: h}
	}
	const (
		get, put, post, del = http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete
	)
	return []route{
		// Track API v1.
		r(get, "/api/v1/accounts/region", authTrack, shapeMetaErrors, s.trackRegion),
		r(put, "/api/v1/customers/{identifier}", authTrack, shapeMetaErrors, s.trackIdentify),
		r(del, "/api/v1/customers/{identifier}", authTrack, shapeMetaErrors, s.trackDelete),
		r(put, "/api/v1/customers/{identifier}/devices", authTrack, shapeMetaErrors, s.trackAddDevice),
		r(del, "/api/v1/customers/{identifier}/devices/{device_id}", authTrack, shapeMetaErrors, s.trackDeleteDevice),
		r(post, "/api/v1/customers/{identifier}/suppress", authTrack, shapeMetaErrors, s.trackSuppress),
		r(post, "/api/v1/customers/{identifier}/unsuppress", authTrack, shapeMetaErrors, s.trackUnsuppress),
		r(post, "/api/v1/customers/{identifier}/events", authTrack, shapeMetaErrors, s.trackPersonEvent),
		r(post, "/api/v1/events", authTrack, shapeMetaErrors, s.trackAnonymousEvent),
		r(post, "/api/v1/forms/{form_id}/submit", authTrack, shapeMetaErrors, s.trackFormSubmit),
		r(post, "/api/v1/merge_customers", authTrack, shapeMetaError, s.trackMerge),
		r(post, "/api/v1/metrics", authNone, shapeMetaErrors, s.trackMetric),
		r(post, "/api/v1/push/events", authNone, shapeMetaErrors, s.trackPushEvent),
		r(post, "/api/v1/segments/{segment_id}/add_customers", authTrack, shapeMetaErrors, s.trackAddToSegment),
		r(post, "/api/v1/segments/{segment_id}/remove_customers", authTrack, shapeMetaErrors, s.trackRemoveFromSegment),
		r(post, "/unsubscribe/{delivery_id}", authNone, shapeMetaErrors, s.trackUnsubscribe),
		// Track API v2.
		r(post, "/api/v2/entity", authTrack, shapeErrors, s.trackEntity),
		r(post, "/api/v2/batch", authTrack, shapeErrors, s.trackBatch),
		// App API.
		r(post, "/v1/send/{type}", authApp, shapeMetaError, s.appSend),
		r(get, "/v1/customers", authApp, shapeMetaError, s.appCustomersByEmail),
		r(post, "/v1/customers", authApp, shapeMetaError, s.appSearchCustomers),
		r(post, "/v1/customers/attributes", authApp, shapeMetaError, s.appCustomersByID),
		r(get, "/v1/customers/{customer_id}/attributes", authApp, shapeMetaError, s.appCustomerAttributes),
		r(get, "/v1/customers/{customer_id}/segments", authApp, shapeMetaError, s.appCustomerSegments),
		r(get, "/v1/customers/{customer_id}/relationships", authApp, shapeMetaError, s.appCustomerRelationships),
		r(get, "/v1/customers/{customer_id}/activities", authApp, shapeMetaError, s.appCustomerActivities),
		r(get, "/v1/customers/{customer_id}/messages", authApp, shapeMetaError, s.appCustomerMessages),
		r(get, "/v1/customers/{customer_id}/subscription_preferences", authApp, shapeMetaError, s.appSubscriptionPreferences),
		r(get, "/v1/segments", authApp, shapeMetaError, s.appListSegments),
		r(post, "/v1/segments", authApp, shapeMetaError, s.appCreateSegment),
		r(get, "/v1/segments/{segment_id}", authApp, shapeMetaError, s.appGetSegment),
		r(del, "/v1/segments/{segment_id}", authApp, shapeMetaError, s.appDeleteSegment),
		r(get, "/v1/segments/{segment_id}/membership", authApp, shapeMetaError, s.appSegmentMembership),
		r(get, "/v1/segments/{segment_id}/customer_count", authApp, shapeMetaError, s.appSegmentCount),
		r(get, "/v1/segments/{segment_id}/used_by", authApp, shapeMetaError, s.appSegmentUsedBy),
		r(post, "/v1/campaigns/{broadcast_id}/triggers", authApp, shapeMetaError, s.appTriggerBroadcast),
		r(get, "/v1/campaigns/{broadcast_id}/triggers/{trigger_id}", authApp, shapeMetaError, s.appTriggerStatus),
		r(get, "/v1/campaigns/{broadcast_id}/triggers/{trigger_id}/errors", authApp, shapeMetaError, s.appTriggerErrors),
		r(get, "/v1/broadcasts", authApp, shapeMetaError, s.appListBroadcasts),
		r(get, "/v1/broadcasts/{broadcast_id}", authApp, shapeMetaError, s.appGetBroadcast),
		r(get, "/v1/broadcasts/{broadcast_id}/messages", authApp, shapeMetaError, s.appBroadcastMessages),
		r(get, "/v1/broadcasts/{broadcast_id}/actions", authApp, shapeMetaError, s.appBroadcastActions),
		r(get, "/v1/broadcasts/{broadcast_id}/actions/{action_id}", authApp, shapeMetaError, s.appBroadcastAction),
		r(put, "/v1/broadcasts/{broadcast_id}/actions/{action_id}", authApp, shapeMetaError, s.appUpdateBroadcastAction),
		r(get, "/v1/broadcasts/{broadcast_id}/actions/{action_id}/language/{language}", authApp, shapeMetaError, s.appBroadcastAction),
		r(put, "/v1/broadcasts/{broadcast_id}/actions/{action_id}/language/{language}", authApp, shapeMetaError, s.appUpdateBroadcastAction),
		r(get, "/v1/broadcasts/{broadcast_id}/metrics", authApp, shapeMetaError, s.appBroadcastMetrics),
		r(get, "/v1/broadcasts/{broadcast_id}/actions/{action_id}/metrics", authApp, shapeMetaError, s.appBroadcastActionMetrics),
		r(get, "/v1/broadcasts/{broadcast_id}/metrics/links", authApp, shapeMetaError, s.appBroadcastLinks),
		r(get, "/v1/broadcasts/{broadcast_id}/actions/{action_id}/metrics/links", authApp, shapeMetaError, s.appBroadcastActionLinks),
		r(get, "/v1/broadcasts/{broadcast_id}/triggers", authApp, shapeMetaError, s.appBroadcastTriggers),
		r(get, "/v1/campaigns", authApp, shapeMetaError, s.appListCampaigns),
		r(get, "/v1/campaigns/{campaign_id}", authApp, shapeMetaError, s.appGetCampaign),
		r(get, "/v1/campaigns/{campaign_id}/messages", authApp, shapeMetaError, s.appCampaignMessages),
		r(get, "/v1/campaigns/{campaign_id}/actions", authApp, shapeMetaError, s.appCampaignActions),
		r(get, "/v1/campaigns/{campaign_id}/actions/{action_id}", authApp, shapeMetaError, s.appCampaignAction),
		r(put, "/v1/campaigns/{campaign_id}/actions/{action_id}", authApp, shapeMetaError, s.appUpdateCampaignAction),
		r(get, "/v1/campaigns/{campaign_id}/actions/{action_id}/language/{language}", authApp, shapeMetaError, s.appCampaignAction),
		r(put, "/v1/campaigns/{campaign_id}/actions/{action_id}/language/{language}", authApp, shapeMetaError, s.appUpdateCampaignAction),
		r(get, "/v1/campaigns/{campaign_id}/metrics", authApp, shapeMetaError, s.appCampaignMetrics),
		r(get, "/v1/campaigns/{campaign_id}/actions/{action_id}/metrics", authApp, shapeMetaError, s.appCampaignActionMetrics),
		r(get, "/v1/campaigns/{campaign_id}/metrics/links", authApp, shapeMetaError, s.appCampaignLinks),
		r(get, "/v1/campaigns/{campaign_id}/actions/{action_id}/metrics/links", authApp, shapeMetaError, s.appCampaignActionLinks),
		r(get, "/v1/campaigns/{campaign_id}/journey_metrics", authApp, shapeMetaError, s.appCampaignJourneyMetrics),
		r(get, "/v1/transactional", authApp, shapeMetaError, s.appListTransactional),
		r(get, "/v1/transactional/{transactional_id}", authApp, shapeMetaError, s.appGetTransactional),
		r(get, "/v1/transactional/{transactional_id}/contents", authApp, shapeMetaError, s.appListContents),
		r(get, "/v1/transactional/{transactional_id}/contents/{content_id}", authApp, shapeMetaError, s.appGetContent),
		r(put, "/v1/transactional/{transactional_id}/content/{content_id}", authApp, shapeMetaError, s.appUpdateContent),
		r(get, "/v1/transactional/{transactional_id}/language/{language}", authApp, shapeMetaError, s.appGetVariant),
		r(put, "/v1/transactional/{transactional_id}/language/{language}", authApp, shapeMetaError, s.appUpdateVariant),
		r(get, "/v1/transactional/{transactional_id}/metrics", authApp, shapeMetaError, s.appTransactionalMetrics),
		r(get, "/v1/transactional/{transactional_id}/metrics/links", authApp, shapeMetaError, s.appTransactionalLinks),
		r(get, "/v1/transactional/{transactional_id}/messages", authApp, shapeMetaError, s.appTransactionalDeliveries),
		r(post, "/v1/objects", authApp, shapeMetaError, s.appSearchObjects),
		r(get, "/v1/object_types", authApp, shapeMetaError, s.appObjectTypes),
		r(get, "/v1/objects/{object_type_id}/{object_id}/attributes", authApp, shapeMetaError, s.appObjectAttributes),
		r(get, "/v1/objects/{object_type_id}/{object_id}/relationships", authApp, shapeMetaError, s.appObjectRelationships),
		r(post, "/v1/collections", authApp, shapeMetaError, s.appCreateCollection),
		r(get, "/v1/collections", authApp, shapeMetaError, s.appListCollections),
		r(get, "/v1/collections/{collection_id}", authApp, shapeMetaError, s.appGetCollection),
		r(put, "/v1/collections/{collection_id}", authApp, shapeMetaError, s.appUpdateCollection),
		r(del, "/v1/collections/{collection_id}", authApp, shapeMetaError, s.appDeleteCollection),
		r(get, "/v1/collections/{collection_id}/content", authApp, shapeMetaError, s.appCollectionContents),
		r(put, "/v1/collections/{collection_id}/content", authApp, shapeMetaError, s.appReplaceCollectionContents),
		r(get, "/v1/snippets", authApp, shapeMetaError, s.appListSnippets),
		r(post, "/v1/snippets", authApp, shapeMetaError, s.appCreateSnippet),
		r(put, "/v1/snippets", authApp, shapeMetaError, s.appUpsertSnippet),
		r(del, "/v1/snippets/{snippet_name}", authApp, shapeMetaError, s.appDeleteSnippet),
		r(post, "/v1/data_index/attributes", authApp, shapeMetaError, s.appDataIndexAttributes),
		r(post, "/v1/data_index/events", authApp, shapeMetaError, s.appDataIndexEvents),
		r(post, "/v1/live_notifications/start", authApp, shapeMetaError, s.appLiveStart),
		r(post, "/v1/live_notifications/update", authApp, shapeMetaError, s.appLiveUpdate),
		r(post, "/v1/live_notifications/end", authApp, shapeMetaError, s.appLiveEnd),
		r(get, "/v1/live_notifications/{instance_id}", authApp, shapeMetaError, s.appLiveStatus),
		r(get, "/v1/customers/{customer_id}/optouts", authApp, shapeMetaError, s.appPersonOptOuts),
		r(put, "/v1/customers/{customer_id}/optouts", authApp, shapeMetaError, s.appUpdatePersonOptOuts),
		r(get, "/v1/optouts", authApp, shapeMetaError, s.appListOptOuts),
		r(get, "/v1/sender_identities", authApp, shapeMetaError, s.appListSenders),
		r(get, "/v1/sender_identities/{sender_id}", authApp, shapeMetaError, s.appGetSender),
		r(get, "/v1/sender_identities/{sender_id}/used_by", authApp, shapeMetaError, s.appSenderUsedBy),
		r(post, "/v1/reporting_webhooks", authApp, shapeMetaError, s.appCreateReportingWebhook),
		r(get, "/v1/reporting_webhooks", authApp, shapeMetaError, s.appListReportingWebhooks),
		r(get, "/v1/reporting_webhooks/{webhook_id}", authApp, shapeMetaError, s.appGetReportingWebhook),
		r(put, "/v1/reporting_webhooks/{webhook_id}", authApp, shapeMetaError, s.appUpdateReportingWebhook),
		r(del, "/v1/reporting_webhooks/{webhook_id}", authApp, shapeMetaError, s.appDeleteReportingWebhook),
		r(post, "/v1/esp/suppression/{suppression_type}/{email_address}", authApp, shapeMetaError, s.appSuppress),
		r(del, "/v1/esp/suppression/{suppression_type}/{email_address}", authApp, shapeMetaError, s.appUnsuppress),
		r(get, "/v1/esp/suppression/{suppression_type}", authApp, shapeMetaError, s.appSuppressionsByType),
		r(get, "/v1/esp/domains/{domain_name}/suppression/{suppression_type}", authApp, shapeMetaError, s.appDomainSuppressions),
		r(get, "/v1/esp/search_suppression/{email_address}", authApp, shapeMetaError, s.appSearchSuppression),
		r(get, "/v1/subscription_channels", authApp, shapeMetaError, s.appSubscriptionChannels),
		r(get, "/v1/subscription_topics", authApp, shapeMetaError, s.appSubscriptionTopics),
		r(get, "/v1/subscription_center/{customer_id}/token", authApp, shapeMetaError, s.appSubscriptionCenterToken),
		r(get, "/v1/workspaces", authApp, shapeMetaError, s.appListWorkspaces),
		r(get, "/v1/info/ip_addresses", authNone, shapeMetaError, s.appIPAddresses),
		r(get, "/v1/design_studio/components", authApp, shapeErrors, s.appListComponents),
		r(post, "/v1/design_studio/components", authApp, shapeErrors, s.appCreateComponent),
		r(get, "/v1/design_studio/components/{id}", authApp, shapeErrors, s.appGetComponent),
		r(put, "/v1/design_studio/components/{id}", authApp, shapeErrors, s.appUpdateComponent),
		r(del, "/v1/design_studio/components/{id}", authApp, shapeErrors, s.appDeleteComponent),
		r(get, "/v1/design_studio/folders", authApp, shapeErrors, s.appListDesignFolders),
		r(post, "/v1/design_studio/folders", authApp, shapeErrors, s.appCreateDesignFolder),
		r(get, "/v1/design_studio/folders/{id}", authApp, shapeErrors, s.appGetDesignFolder),
		r(put, "/v1/design_studio/folders/{id}", authApp, shapeErrors, s.appUpdateDesignFolder),
		r(del, "/v1/design_studio/folders/{id}", authApp, shapeErrors, s.appDeleteDesignFolder),
		r(get, "/v1/assets", authApp, shapeErrors, s.appListAssets),
		form(r(post, "/v1/assets/files", authApp, shapeErrors, s.appCreateAsset)),
		r(get, "/v1/assets/files/{id}", authApp, shapeErrors, s.appGetAsset),
		r(put, "/v1/assets/files/{id}", authApp, shapeErrors, s.appUpdateAsset),
		r(del, "/v1/assets/files/{id}", authApp, shapeErrors, s.appDeleteAsset),
		r(get, "/v1/assets/folders", authApp, shapeErrors, s.appListAssetFolders),
		r(post, "/v1/assets/folders", authApp, shapeErrors, s.appCreateAssetFolder),
		r(get, "/v1/assets/folders/{id}", authApp, shapeErrors, s.appGetAssetFolder),
		r(put, "/v1/assets/folders/{id}", authApp, shapeErrors, s.appUpdateAssetFolder),
		r(del, "/v1/assets/folders/{id}", authApp, shapeErrors, s.appDeleteAssetFolder),
		r(get, "/v1/newsletters", authApp, shapeMetaError, s.appListNewsletters),
		r(post, "/v1/newsletters", authApp, shapeMetaError, s.appCreateNewsletter),
		r(get, "/v1/newsletters/{newsletter_id}", authApp, shapeMetaError, s.appGetNewsletter),
		r(del, "/v1/newsletters/{newsletter_id}", authApp, shapeMetaError, s.appDeleteNewsletter),
		r(post, "/v1/newsletters/{newsletter_id}/send", authApp, shapeMetaError, s.appSendNewsletter),
		r(post, "/v1/newsletters/{newsletter_id}/schedule", authApp, shapeMetaError, s.appScheduleNewsletter),
		r(get, "/v1/newsletters/{newsletter_id}/contents", authApp, shapeMetaError, s.appListNewsletterContents),
		r(get, "/v1/newsletters/{newsletter_id}/contents/{content_id}", authApp, shapeMetaError, s.appGetNewsletterContent),
		r(put, "/v1/newsletters/{newsletter_id}/contents/{content_id}", authApp, shapeMetaError, s.appUpdateNewsletterContent),
		r(post, "/v1/newsletters/{newsletter_id}/language", authApp, shapeMetaError, s.appCreateNewsletterLanguage),
		r(get, "/v1/newsletters/{newsletter_id}/language/{language}", authApp, shapeMetaError, s.appGetNewsletterLanguage),
		r(put, "/v1/newsletters/{newsletter_id}/language/{language}", authApp, shapeMetaError, s.appUpdateNewsletterLanguage),
		r(del, "/v1/newsletters/{newsletter_id}/language/{language}", authApp, shapeMetaError, s.appDeleteNewsletterLanguage),
		r(post, "/v1/newsletters/{newsletter_id}/test_groups", authApp, shapeMetaError, s.appCreateNewsletterTestGroup),
		r(get, "/v1/newsletters/{newsletter_id}/test_groups", authApp, shapeMetaError, s.appListNewsletterTestGroups),
		r(post, "/v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language", authApp, shapeMetaError, s.appCreateTestGroupLanguage),
		r(get, "/v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language}", authApp, shapeMetaError, s.appGetTestGroupLanguage),
		r(put, "/v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language}", authApp, shapeMetaError, s.appUpdateTestGroupLanguage),
		r(del, "/v1/newsletters/{newsletter_id}/test_group/{test_group_id}/language/{language}", authApp, shapeMetaError, s.appDeleteTestGroupLanguage),
		r(get, "/v1/newsletters/{newsletter_id}/messages", authApp, shapeMetaError, s.appNewsletterDeliveries),
		r(get, "/v1/newsletters/{newsletter_id}/metrics", authApp, shapeMetaError, s.appNewsletterMetrics),
		r(get, "/v1/newsletters/{newsletter_id}/metrics/links", authApp, shapeMetaError, s.appNewsletterLinks),
		r(get, "/v1/newsletters/{newsletter_id}/contents/{content_id}/metrics", authApp, shapeMetaError, s.appNewsletterMetrics),
		r(get, "/v1/newsletters/{newsletter_id}/contents/{content_id}/metrics/links", authApp, shapeMetaError, s.appNewsletterLinks),
		r(get, "/v1/messages", authApp, shapeMetaError, s.appListMessages),
		r(get, "/v1/messages/{message_id}", authApp, shapeMetaError, s.appGetMessage),
		r(get, "/v1/messages/{message_id}/archived_message", authApp, shapeMetaError, s.appArchivedMessage),
		r(get, "/v1/activities", authApp, shapeMetaError, s.appListActivities),
		r(post, "/v1/exports/customers", authApp, shapeMetaError, s.appExportCustomers),
		r(post, "/v1/exports/deliveries", authApp, shapeMetaError, s.appExportDeliveries),
		r(get, "/v1/exports", authApp, shapeMetaError, s.appListExports),
		r(get, "/v1/exports/{export_id}", authApp, shapeMetaError, s.appGetExport),
		r(get, "/v1/exports/{export_id}/download", authApp, shapeMetaError, s.appDownloadExport),
		r(get, "/downloads/{token}", authNone, shapeMetaError, s.downloadFile),
		r(post, "/v1/imports", authApp, shapeMetaError, s.appStartImport),
		r(get, "/v1/imports/{import_id}", authApp, shapeMetaError, s.appGetImport),
		// App API, Design Studio emails.
		r(get, "/v1/design_studio/emails", authApp, shapeErrors, s.appListDesignEmails),
		r(post, "/v1/design_studio/emails", authApp, shapeErrors, s.appCreateDesignEmail),
		r(get, "/v1/design_studio/emails/{id}", authApp, shapeErrors, s.appGetDesignEmail),
		r(put, "/v1/design_studio/emails/{id}", authApp, shapeErrors, s.appUpdateDesignEmail),
		r(del, "/v1/design_studio/emails/{id}", authApp, shapeErrors, s.appDeleteDesignEmail),
		r(get, "/v1/design_studio/emails/{id}/languages", authApp, shapeErrors, s.appListDesignTranslations),
		r(post, "/v1/design_studio/emails/{id}/languages", authApp, shapeErrors, s.appCreateDesignTranslation),
		r(get, "/v1/design_studio/emails/{id}/languages/{language}", authApp, shapeErrors, s.appGetDesignTranslation),
		r(put, "/v1/design_studio/emails/{id}/languages/{language}", authApp, shapeErrors, s.appUpdateDesignTranslation),
		r(del, "/v1/design_studio/emails/{id}/languages/{language}", authApp, shapeErrors, s.appDeleteDesignTranslation),
		r(post, "/v1/design_studio/emails/{id}/link", authApp, shapeErrors, s.appLinkDesignEmail),
		r(post, "/v1/design_studio/emails/{id}/publish", authApp, shapeErrors, s.appPublishDesignEmail),
		r(get, "/v1/design_studio/emails/{id}/publish_status", authApp, shapeErrors, s.appDesignPublishStatus),
		r(get, "/v1/design_studio/emails/{id}/unpublished_changes", authApp, shapeErrors, s.appDesignUnpublished),
		r(get, "/v1/design_studio/emails/{id}/render", authApp, shapeErrors, s.appRenderDesignEmail),
		r(post, "/v1/design_studio/emails/{id}/preview", authApp, shapeErrors, s.appPreviewDesignEmail),
		r(get, "/v1/design_studio/emails/{id}/review", authApp, shapeErrors, s.appReviewDesignEmail),
		r(get, "/v1/design_studio/emails/{id}/versions", authApp, shapeErrors, s.appListDesignVersions),
		r(post, "/v1/design_studio/emails/{id}/versions", authApp, shapeErrors, s.appSaveDesignVersion),
		r(get, "/v1/design_studio/emails/{id}/versions/{version_id}", authApp, shapeErrors, s.appGetDesignVersion),
		r(del, "/v1/design_studio/emails/{id}/versions/{version_id}", authApp, shapeErrors, s.appDeleteDesignVersion),
		r(post, "/v1/design_studio/emails/{id}/versions/{version_id}/restore", authApp, shapeErrors, s.appRestoreDesignVersion),
		r(post, "/v1/design_studio/emails/{id}/inbox_previews", authApp, shapeErrors, s.appSubmitInboxPreview),
		r(get, "/v1/design_studio/emails/{id}/inbox_previews/{run_id}", authApp, shapeErrors, s.appGetInboxPreviewJob),
		r(get, "/v1/design_studio/emails/{id}/inbox_previews/{run_id}/captures/{client_id}", authApp, shapeErrors, s.appInboxPreviewCapture),
		r(get, "/v1/design_studio/inbox_previews/jobs", authApp, shapeErrors, s.appListInboxPreviewJobs),
		r(get, "/v1/design_studio/inbox_previews/clients", authApp, shapeErrors, s.appInboxPreviewClients),
		r(get, "/v1/design_studio/inbox_previews/credits", authApp, shapeErrors, s.appInboxPreviewCredits),
		// Data Pipelines.
		r(post, "/v1/identify", authPipelines, shapeErrors, s.pipelinesCall("identify")),
		r(post, "/v1/track", authPipelines, shapeErrors, s.pipelinesCall("track")),
		r(post, "/v1/page", authPipelines, shapeErrors, s.pipelinesCall("page")),
		r(post, "/v1/screen", authPipelines, shapeErrors, s.pipelinesCall("screen")),
		r(post, "/v1/group", authPipelines, shapeErrors, s.pipelinesCall("group")),
		r(post, "/v1/alias", authPipelines, shapeErrors, s.pipelinesCall("alias")),
		r(post, "/v1/batch", authPipelines, shapeErrors, s.pipelinesBatch),
	}
}

// form marks r as taking a multipart/form-data body.
func form(r route) route {
	r.form = true
	return r
}

// Endpoint is one route the server fakes: an HTTP method and a path template
// whose "{name}" segments stand for one path segment each.
type Endpoint struct {
	Method string
	Path   string
}

// Endpoints lists every route the server fakes, in the order of the table in
// the package documentation. Any other method and path is answered 501 Not
// Implemented (405 when only the method differs).
func (s *Server) Endpoints() []Endpoint {
	out := make([]Endpoint, len(s.table))
	for i, r := range s.table {
		out[i] = Endpoint{Method: r.method, Path: "/" + strings.Join(r.pattern.segments, "/")}
	}
	return out
}

// unknownShape is the error shape of the API a path outside the table would
// belong to, judged by its prefix.
func unknownShape(path string) errorShape {
	switch {
	case strings.HasPrefix(path, "/api/v2/"):
		return shapeErrors
	case strings.HasPrefix(path, "/api/"), strings.HasPrefix(path, "/unsubscribe/"):
		return shapeMetaErrors
	}
	return shapeMetaError
}

// routeMatch is the outcome of looking a request up in the route table.
type routeMatch struct {
	route  *route
	params map[string]string
	// allowed lists the methods of routes whose path matched when the method
	// did not (for 405).
	allowed []string
}

func lookupRoute(table []route, method string, segs []string) routeMatch {
	var m routeMatch
	for i := range table {
		params, ok := table[i].pattern.match(segs)
		if !ok {
			continue
		}
		if table[i].method == method {
			return routeMatch{route: &table[i], params: params}
		}
		m.allowed = append(m.allowed, table[i].method)
	}
	return m
}
