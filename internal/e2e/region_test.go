package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/track"
)

// TestBaseURLWinsOverRegion builds clients with the EU region and the fake's
// base URL in both orders: the base URL decides where requests go, whatever
// the order, for Track v1, Track v2 (through V2) and the App API.
func TestBaseURLWinsOverRegion(t *testing.T) {
	srv := newFake(t, customeriotest.WithRegion(customerio.RegionEU))
	orders := map[string][]customerio.Option{
		"region first":   {customerio.WithRegion(customerio.RegionEU), srv.Option()},
		"base URL first": {srv.Option(), customerio.WithRegion(customerio.RegionEU)},
	}
	for name, opts := range orders {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			tc, err := track.New(srv.SiteID(), srv.APIKey(), opts...)
			if err != nil {
				t.Fatal(err)
			}
			info, err := tc.Region(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// The fake reports the workspace's region as Customer.io does; the
			// answer came from the fake, not from the EU host.
			if info.Region != "eu" || info.URL != customerio.RegionEU.TrackURL() {
				t.Errorf("region %+v, want eu", info)
			}
			region, err := customerio.ParseRegion(info.Region)
			if err != nil || region != customerio.RegionEU {
				t.Errorf("ParseRegion(%q) = %v, %v", info.Region, region, err)
			}
			if err := tc.Identify(ctx, "eu-"+name, nil); err != nil {
				t.Fatal(err)
			}
			if err := tc.V2().TrackPersonEvent(ctx, customerio.ByID("eu-"+name), "login", nil); err != nil {
				t.Fatal(err)
			}
			ac, err := app.New(srv.AppKey(), opts...)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ac.Customers.GetAttributes(ctx, "eu-"+name, ""); err != nil {
				t.Fatal(err)
			}
			if n := len(srv.Events("eu-" + name)); n != 1 {
				t.Errorf("%d events, want 1", n)
			}
		})
	}
	for _, r := range srv.Requests() {
		if r.Status != http.StatusOK {
			t.Errorf("%s %s answered %d", r.Method, r.Path, r.Status)
		}
	}
}

// hostRecorder sends every request to the fake while recording the host the
// client meant to reach, so region routing is checked without the network.
type hostRecorder struct {
	fake  *url.URL
	next  http.RoundTripper
	mu    sync.Mutex
	hosts []string
}

func (h *hostRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.hosts = append(h.hosts, r.URL.Scheme+"://"+r.URL.Host)
	h.mu.Unlock()
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = h.fake.Scheme, h.fake.Host, ""
	return h.next.RoundTrip(r)
}

// TestRegionPicksHosts builds clients with only a region and checks the hosts
// each API is called on: an EU workspace's data must go to the EU hosts.
func TestRegionPicksHosts(t *testing.T) {
	srv := newFake(t)
	fake, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	for _, region := range []customerio.Region{customerio.RegionUS, customerio.RegionEU} {
		t.Run(region.String(), func(t *testing.T) {
			rec := &hostRecorder{fake: fake, next: srv.Client().Transport}
			opts := []customerio.Option{customerio.WithRegion(region), customerio.WithHTTPClient(&http.Client{Transport: rec})}
			tc, err := track.New(srv.SiteID(), srv.APIKey(), opts...)
			if err != nil {
				t.Fatal(err)
			}
			ac, err := app.New(srv.AppKey(), opts...)
			if err != nil {
				t.Fatal(err)
			}
			ctx := t.Context()
			if err := tc.Identify(ctx, "42", nil); err != nil {
				t.Fatal(err)
			}
			if err := tc.V2().IdentifyPerson(ctx, customerio.ByID("42"), nil); err != nil {
				t.Fatal(err)
			}
			if _, err := ac.Customers.GetAttributes(ctx, "42", ""); err != nil {
				t.Fatal(err)
			}
			want := []string{region.TrackURL(), region.TrackURL(), region.AppURL()}
			if fmt.Sprint(rec.hosts) != fmt.Sprint(want) {
				t.Errorf("hosts %v, want %v", rec.hosts, want)
			}
		})
	}
}
