package settings

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"
)

// DefaultTimeout bounds each attempt unless an option says otherwise; the root
// package's DefaultTimeout documents the same value.
const DefaultTimeout = 10 * time.Second

// Settings is the configuration options build. Clients resolve it once, in their
// constructor, with Resolve; it holds no credentials.
type Settings struct {
	// Hosts are the selected region's base URLs; USHosts by default.
	Hosts Hosts
	// BaseURL, when set, replaces the host of every API (tests, proxies,
	// Segment-compatible collectors). Any path prefix it has is kept.
	BaseURL string
	// HTTPClient sends every request; nil means the library's shared HTTP/2 client.
	HTTPClient *http.Client
	// Middleware wraps the transport of the client that sends the requests, the
	// first entry outermost.
	Middleware []func(http.RoundTripper) http.RoundTripper
	// Retry is a customerio.RetryStrategy, or nil for a single attempt. It is
	// typed any because this package cannot import the root package; the
	// transport asserts it.
	Retry any
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
// ("pipelines.WithGzip"). A package's own options call it, so that Resolve can
// refuse them when another package's constructor is given one instead of
// ignoring them.
func (s *Settings) OwnedBy(pkg, option string) {
	if o := (ownedOption{pkg: pkg, name: option}); !slices.Contains(s.owned, o) {
		s.owned = append(s.owned, o)
	}
}

// Fail records that the option being applied is invalid; Resolve reports err.
// err must not quote a credential.
func (s *Settings) Fail(err error) { s.errs = append(s.errs, err) }

// Resolve applies opts over the defaults for a constructor of package pkg and
// checks the result. Every option that OwnedBy marks as another package's is an
// error naming the option and its package, since it would have no effect on this
// client; an empty pkg takes every package's options.
func Resolve[O ~func(*Settings)](pkg string, opts []O) (Settings, error) {
	s := Settings{Hosts: USHosts, Timeout: DefaultTimeout}
	for _, opt := range opts {
		if opt != nil {
			opt(&s)
		}
	}
	if s.Hosts == (Hosts{}) {
		s.errs = append(s.errs, errors.New("customerio: unknown region; use RegionUS or RegionEU"))
	}
	if s.Timeout < 0 {
		s.errs = append(s.errs, errors.New("customerio: timeout must not be negative"))
	}
	var foreign []error
	if pkg != "" {
		for _, o := range s.owned {
			if o.pkg != pkg {
				foreign = append(foreign, fmt.Errorf("customerio: %s is an option of package %s; a %s client does not take it", o.name, o.pkg, pkg))
			}
		}
	}
	if err := errors.Join(append(foreign, s.errs...)...); err != nil {
		return Settings{}, err
	}
	s.errs = nil
	return s, nil
}
