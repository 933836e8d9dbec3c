package customerio

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// DefaultTimeout bounds each attempt of a call unless WithTimeout says otherwise.
const DefaultTimeout = 10 * time.Second

// Option configures a client. The same options serve every client in this module;
// they may be given in any order, and a later option overrides an earlier one.
type Option func(*Settings)

// Settings is the configuration options build. Clients resolve it once, in their
// constructor, with NewSettings; it holds no credentials.
type Settings struct {
	// Region selects the hosts; RegionUS by default.
	Region Region
	// BaseURL, when set, replaces the host of every API (tests, proxies,
	// Segment-compatible collectors). Any path prefix it has is kept.
	BaseURL string
	// HTTPClient sends every request; nil means the library's shared HTTP/2 client.
	HTTPClient *http.Client
	// Retry wraps every call; nil means a single attempt.
	Retry RetryStrategy
	// UserAgent replaces the default "customerio-go/<version>".
	UserAgent string
	// Logger receives one debug record per attempt, never bodies or credentials;
	// nil means silent.
	Logger *slog.Logger
	// Timeout bounds each attempt; 0 means no per-attempt timeout.
	Timeout time.Duration
	// WorkspaceID is sent as X-Workspace-Id on App API transactional sends, which
	// a service-account token needs (set with app.WithWorkspaceID).
	WorkspaceID string

	extras map[any]any
	owned  []ownedOption
	errs   []error
}

// ownedOption is an option that only one package's clients take.
type ownedOption struct{ pkg, name string }

// SetExtra stores value under key for the package that owns key. It lets a client
// package offer options of its own (pipelines.WithGzip, …) that are still
// customerio.Option values; key should be a value of an unexported type, as with
// context keys.
func (s *Settings) SetExtra(key, value any) {
	if s.extras == nil {
		s.extras = make(map[any]any)
	}
	s.extras[key] = value
}

// Extra returns the value SetExtra stored under key, or nil.
func (s Settings) Extra(key any) any { return s.extras[key] }

// OwnedBy records that the option being applied belongs to package pkg (its last
// path element, "pipelines"), and is named option in errors
// ("pipelines.WithBatchSize"). A package's own options call it, so that
// NewSettingsFor can refuse them when another package's constructor is given
// one instead of ignoring them.
func (s *Settings) OwnedBy(pkg, option string) {
	if o := (ownedOption{pkg: pkg, name: option}); !slices.Contains(s.owned, o) {
		s.owned = append(s.owned, o)
	}
}

// NewSettingsFor is NewSettings for a constructor of package pkg: every option
// that OwnedBy marks as another package's is an error naming the option and its
// package, since the option would have no effect on this client.
func NewSettingsFor(pkg string, opts ...Option) (Settings, error) {
	s, err := newSettings(opts)
	var foreign []error
	for _, o := range s.owned {
		if o.pkg != pkg {
			foreign = append(foreign, fmt.Errorf("customerio: %s is an option of package %s; a %s client does not take it", o.name, o.pkg, pkg))
		}
	}
	if err := errors.Join(append(foreign, err)...); err != nil {
		return Settings{}, err
	}
	return s, nil
}

// NewSettings applies opts over the defaults and checks the result. It takes
// every package's options; constructors use NewSettingsFor, which refuses the
// options of other packages.
func NewSettings(opts ...Option) (Settings, error) {
	s, err := newSettings(opts)
	if err != nil {
		return Settings{}, err
	}
	return s, nil
}

// newSettings applies opts and returns the settings, whose owned list is kept,
// with the problems found.
func newSettings(opts []Option) (Settings, error) {
	s := Settings{Region: RegionUS, Timeout: DefaultTimeout}
	for _, opt := range opts {
		if opt != nil {
			opt(&s)
		}
	}
	if !s.Region.Valid() {
		s.errs = append(s.errs, errors.New("customerio: unknown region; use RegionUS or RegionEU"))
	}
	if s.Timeout < 0 {
		s.errs = append(s.errs, errors.New("customerio: timeout must not be negative"))
	}
	err := errors.Join(s.errs...)
	s.errs = nil
	return s, err
}

// API names one of Customer.io's HTTP APIs, for BaseURLFor.
type API int

// The APIs a client may talk to.
const (
	TrackAPI API = iota
	AppAPI
	PipelinesAPI
)

// BaseURLFor returns the base URL requests to api go to: BaseURL when set, else
// the region's host.
func (s Settings) BaseURLFor(api API) string {
	if s.BaseURL != "" {
		return s.BaseURL
	}
	switch api {
	case AppAPI:
		return s.Region.AppURL()
	case PipelinesAPI:
		return s.Region.PipelinesURL()
	default:
		return s.Region.TrackURL()
	}
}

// WithRegion selects the region whose hosts the client calls.
func WithRegion(r Region) Option {
	return func(s *Settings) { s.Region = r }
}

// WithBaseURL sends every request to base instead of the region's hosts, keeping
// any path prefix base has. It must be an absolute http or https URL without user
// information, query or fragment.
//
// A base URL that does not qualify is reported by NewSettings with the reason and,
// at most, its scheme and host: the rest of the URL is never shown, since a user
// name, password, path or query may carry a credential.
func WithBaseURL(base string) Option {
	return func(s *Settings) {
		u, err := url.Parse(base)
		if err != nil {
			// The parse error quotes the input, so only its kind is reported.
			s.errs = append(s.errs, errors.New("customerio: WithBaseURL: not a valid URL; want an absolute http or https URL such as https://proxy.example"))
			return
		}
		if problem := baseURLProblem(base, u); problem != "" {
			s.errs = append(s.errs, errors.New("customerio: WithBaseURL: "+problem))
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
	return func(s *Settings) {
		if c == nil {
			s.errs = append(s.errs, errors.New("customerio: nil *http.Client"))
			return
		}
		s.HTTPClient = c
	}
}

// WithRetry wraps every call in strategy (see package retry). Without it a call
// is tried once.
func WithRetry(strategy RetryStrategy) Option {
	return func(s *Settings) { s.Retry = strategy }
}

// WithUserAgent replaces the User-Agent header; an empty ua keeps the default.
func WithUserAgent(ua string) Option {
	return func(s *Settings) { s.UserAgent = ua }
}

// WithLogger logs one debug record per attempt (method, path, status, duration,
// request id) to l. Bodies, headers and credentials are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(s *Settings) { s.Logger = l }
}

// WithTimeout bounds each attempt of a call (DefaultTimeout unless set); 0 turns
// the per-attempt timeout off. The caller's context always bounds the whole call,
// retries included.
func WithTimeout(d time.Duration) Option {
	return func(s *Settings) { s.Timeout = d }
}
