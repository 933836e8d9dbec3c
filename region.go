package customerio

import (
	"fmt"
	"strings"

	"github.com/gocustomerio/customerio/internal/settings"
)

// Region is a Customer.io data-centre region. Each region has its own hosts for the
// Track, App and Data Pipelines APIs, and credentials only work on their own
// region's hosts, so a client for an EU workspace must be built with RegionEU.
//
// The zero Region is not valid: constructors reject it.
type Region struct {
	name  string
	hosts settings.Hosts
}

var (
	// RegionUS is Customer.io's US region, the default: track.customer.io,
	// api.customer.io and cdp.customer.io.
	RegionUS = Region{name: "us", hosts: settings.USHosts}
	// RegionEU is Customer.io's EU region: track-eu.customer.io,
	// api-eu.customer.io and cdp-eu.customer.io.
	RegionEU = Region{name: "eu", hosts: settings.EUHosts}
)

// ParseRegion returns the region named "us" or "eu" (any case), for reading the
// region from configuration.
func ParseRegion(name string) (Region, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case RegionUS.name:
		return RegionUS, nil
	case RegionEU.name:
		return RegionEU, nil
	}
	return Region{}, fmt.Errorf("customerio: unknown region %q (want \"us\" or \"eu\")", name)
}

// String returns the region's short name, "us" or "eu".
func (r Region) String() string {
	if r.name == "" {
		return "invalid"
	}
	return r.name
}

// Valid reports whether r is one of the known regions.
func (r Region) Valid() bool { return r == RegionUS || r == RegionEU }

// TrackURL is the base URL of the Track API (v1 and v2) in this region.
func (r Region) TrackURL() string { return r.hosts.Track }

// AppURL is the base URL of the App API in this region.
func (r Region) AppURL() string { return r.hosts.App }

// PipelinesURL is the base URL of the Data Pipelines API in this region.
func (r Region) PipelinesURL() string { return r.hosts.Pipelines }
