package customerio

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gocustomerio/customerio/internal/settings"
)

// resolve is what a constructor of no particular package resolves opts to.
func resolve(opts ...Option) (settings.Settings, error) { return settings.Resolve("", opts) }

// TestDefaultTimeoutMatchesTheSettings pins that the documented default is the one
// the settings apply.
func TestDefaultTimeoutMatchesTheSettings(t *testing.T) {
	if DefaultTimeout != settings.DefaultTimeout {
		t.Errorf("DefaultTimeout = %v, settings apply %v", DefaultTimeout, settings.DefaultTimeout)
	}
}

func TestResolveDefaults(t *testing.T) {
	s, err := resolve()
	if err != nil {
		t.Fatal(err)
	}
	if s.Hosts != RegionUS.hosts || s.Timeout != DefaultTimeout || s.BaseURL != "" || s.HTTPClient != nil || s.Retry != nil || s.Logger != nil {
		t.Errorf("defaults = %+v", s)
	}
	for api, want := range map[settings.API]string{settings.TrackAPI: RegionUS.TrackURL(), settings.AppAPI: RegionUS.AppURL(), settings.PipelinesAPI: RegionUS.PipelinesURL()} {
		if got := s.BaseURLFor(api); got != want {
			t.Errorf("BaseURLFor(%d) = %s, want %s", api, got, want)
		}
	}
}

func TestResolveAppliesOptionsInAnyOrder(t *testing.T) {
	hc := &http.Client{}
	logger := slog.New(slog.DiscardHandler)
	opts := []Option{
		WithRegion(RegionEU),
		WithBaseURL("https://proxy.example/cio/"),
		WithHTTPClient(hc),
		WithUserAgent("mine/1"),
		WithLogger(logger),
		WithTimeout(0),
		nil,
	}
	forward, err := resolve(opts...)
	if err != nil {
		t.Fatal(err)
	}
	reversed := make([]Option, len(opts))
	for i, o := range opts {
		reversed[len(opts)-1-i] = o
	}
	backward, err := resolve(reversed...)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []settings.Settings{forward, backward} {
		if s.Hosts != RegionEU.hosts || s.BaseURL != "https://proxy.example/cio" || s.HTTPClient != hc ||
			s.UserAgent != "mine/1" || s.Logger != logger || s.Timeout != 0 {
			t.Errorf("settings = %+v", s)
		}
		if got := s.BaseURLFor(settings.AppAPI); got != "https://proxy.example/cio" {
			t.Errorf("BaseURL does not override the region: %s", got)
		}
	}
}

func TestResolveRejects(t *testing.T) {
	tests := []struct {
		name string
		opt  Option
		want string
	}{
		{"zero region", WithRegion(Region{}), "unknown region"},
		{"relative base URL", WithBaseURL("/api"), "scheme"},
		{"ftp base URL", WithBaseURL("ftp://example.com"), "scheme"},
		{"no host", WithBaseURL("https://"), "no host"},
		{"unparsable base URL", WithBaseURL("https://user:secret-pass@exa mple.com/%zz"), "WithBaseURL"},
		{"credentials with a bad scheme", WithBaseURL("ftp://user:secret-pass@example.com"), "scheme"},
		{"token as user name with a bad scheme", WithBaseURL("ftp://secret-pass@example.com"), "scheme"},
		{"credentials in base URL", WithBaseURL("https://user:secret-pass@example.com"), "user information"},
		{"query in base URL", WithBaseURL("https://example.com/?a=1"), "query"},
		{"nil http client", WithHTTPClient(nil), "nil *http.Client"},
		{"negative timeout", WithTimeout(-time.Second), "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := resolve(tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret-pass") {
				t.Errorf("error leaks the URL password: %v", err)
			}
		})
	}
}

func TestExtras(t *testing.T) {
	type key struct{}
	add := func(n int) Option {
		return func(s *settings.Settings) {
			prev, _ := s.Extra(key{}).([]int)
			s.SetExtra(key{}, append(prev, n))
		}
	}
	s, err := resolve(add(1), WithRegion(RegionEU), add(2))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Extra(key{}).([]int); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("Extra = %v, want [1 2]", got)
	}
	if other, _ := resolve(); other.Extra(key{}) != nil {
		t.Error("extras leak between settings")
	}
}
