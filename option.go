package customerio

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gocustomerio/customerio/internal/settings"
)

// DefaultTimeout bounds each attempt of a call unless WithTimeout says otherwise.
const DefaultTimeout = 10 * time.Second

// Option configures a client. The same options serve every client in this module;
// they may be given in any order, and a later option overrides an earlier one.
// A package's own options (app.WithWorkspaceID, pipelines.WithGzip, …) are Option
// values too, and another package's constructor refuses them with an error naming
// the option.
//
// An option's argument is checked when a constructor applies it: an invalid one
// is reported by the constructor, with the reason and never a credential.
type Option func(*settings.Settings)

// WithRegion selects the region whose hosts the client calls.
func WithRegion(r Region) Option {
	return func(s *settings.Settings) { s.Hosts = r.hosts }
}

// WithBaseURL sends every request to base instead of the region's hosts, keeping
// any path prefix base has. It must be an absolute http or https URL without user
// information, query or fragment.
//
// A base URL that does not qualify is reported by the constructor with the reason and,
// at most, its scheme and host: the rest of the URL is never shown, since a user
// name, password, path or query may carry a credential.
func WithBaseURL(base string) Option {
	return func(s *settings.Settings) {
		u, err := url.Parse(base)
		if err != nil {
			// The parse error quotes the input, so only its kind is reported.
			s.Fail(errors.New("customerio: WithBaseURL: not a valid URL; want an absolute http or https URL such as https://proxy.example"))
			return
		}
		if problem := baseURLProblem(base, u); problem != "" {
			s.Fail(errors.New("customerio: WithBaseURL: " + problem))
			return
		}
		s.BaseURL = strings.TrimRight(u.String(), "/")
	}
}

// baseURLProblem says what disqualifies base, parsed as u, as a base URL, or
// returns "". It names the URL by its scheme and host alone, and only once both
// are known to be what a base URL has (see WithBaseURL).
func baseURLProblem(base string, u *url.URL) string {
	const want = "want an absolute http or https URL such as https://proxy.example"
	switch {
	case u.Scheme == "" && u.Host == "":
		return "not an absolute URL (no scheme or host); " + want
	case u.Scheme != "http" && u.Scheme != "https":
		return "scheme must be http or https; " + want
	case u.Host == "":
		return "URL has no host; " + want
	}
	shown := u.Scheme + "://" + u.Host
	switch {
	case u.User != nil:
		return fmt.Sprintf("base URL for %s must not carry user information; credentials go to the constructor", shown)
	case strings.Contains(base, "?"):
		return fmt.Sprintf("base URL for %s must not have a query", shown)
	case strings.Contains(base, "#"):
		return fmt.Sprintf("base URL for %s must not have a fragment", shown)
	}
	return ""
}

// WithHTTPClient sends every request through c instead of the shared HTTP/2
// client. Its transport, redirect policy and timeouts are used as they are.
func WithHTTPClient(c *http.Client) Option {
	return func(s *settings.Settings) {
		if c == nil {
			s.Fail(errors.New("customerio: nil *http.Client"))
			return
		}
		s.HTTPClient = c
	}
}

// WithRetry wraps every call in strategy (see package retry). Without it a call
// is tried once.
func WithRetry(strategy RetryStrategy) Option {
	return func(s *settings.Settings) { s.Retry = strategy }
}

// WithUserAgent replaces the User-Agent header; an empty ua keeps the default.
func WithUserAgent(ua string) Option {
	return func(s *settings.Settings) { s.UserAgent = ua }
}

// WithLogger logs one debug record per attempt (method, path, status, duration,
// request id) to l. Bodies, headers and credentials are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings.Settings) { s.Logger = l }
}

// WithTimeout bounds each attempt of a call (DefaultTimeout unless set); 0 turns
// the per-attempt timeout off. The caller's context always bounds the whole call,
// retries included.
func WithTimeout(d time.Duration) Option {
	return func(s *settings.Settings) { s.Timeout = d }
}
