package customeriotest

import (
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// The credentials a Server accepts unless a ServerOption says otherwise.
const (
	DefaultSiteID   = "test-site"
	DefaultAPIKey   = "test-api-key"
	DefaultAppKey   = "test-app-key"
	DefaultWriteKey = "test-write-key"
)

// ServerOption configures a Server in NewServer.
type ServerOption func(*config)

type config struct {
	siteID, apiKey string
	appKey         string
	writeKey       string
	region         customerio.Region
	now            func() time.Time
	onRequest      func(Request)
}

func defaultConfig() config {
	return config{
		siteID:   DefaultSiteID,
		apiKey:   DefaultAPIKey,
		appKey:   DefaultAppKey,
		writeKey: DefaultWriteKey,
		region:   customerio.RegionUS,
		now:      time.Now,
	}
}

// WithTrackCredentials sets the site ID and Track API key the Track routes accept.
func WithTrackCredentials(siteID, apiKey string) ServerOption {
	return func(c *config) { c.siteID, c.apiKey = siteID, apiKey }
}

// WithAppKey sets the App API key the App routes accept as a Bearer token.
func WithAppKey(key string) ServerOption {
	return func(c *config) { c.appKey = key }
}

// WithWriteKey sets the Data Pipelines write key the /v1 ingest routes accept.
func WithWriteKey(key string) ServerOption {
	return func(c *config) { c.writeKey = key }
}

// WithRegion sets the region GET /api/v1/accounts/region reports for the Track
// credentials (RegionUS by default).
func WithRegion(r customerio.Region) ServerOption {
	return func(c *config) { c.region = r }
}

// WithClock makes the server read the time from now: the times in the request
// log, queued_at of sends, created_at of profiles and segments, and the 30-day
// window in which anonymous events join a person. Handy for fixed outputs.
func WithClock(now func() time.Time) ServerOption {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithRequestHook calls fn with each request as it arrives, its body read,
// before any fault, delay or handling applies (Status is still 0). It runs on
// the request's goroutine, so it can tell a test that a request reached the
// server, for instance before cancelling it; it should return promptly.
func WithRequestHook(fn func(Request)) ServerOption {
	return func(c *config) { c.onRequest = fn }
}
