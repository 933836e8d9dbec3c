package customerio

import (
	"fmt"
	"strings"
)

// Region is a Customer.io data-centre region. Each region has its own hosts for the
// Track, App and Data Pipelines APIs, and credentials only work on their own
// region's hosts, so a client for an EU workspace must be built with RegionEU.
//
// The zero Region is not valid: constructors reject it.
type Region struct {
	name      string
	track     string
	app       string
	pipelines string
}

var (
	// RegionUS is Customer.io's US region, the default.
	RegionUS = Region{
		name:      "us",
		track:     "https://track.customer.io",
		app:       "https://api.customer.io",
		pipelines: "https://cdp.customer.io",
	}
	// RegionEU is Customer.io's EU region.
	RegionEU = Region{
		name:      "eu",
		track:     "https://track-eu.customer.io",
		app:       "https://api-eu.customer.io",
		pipelines: "https://cdp-eu.customer.io",
	}
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
func (r Region) TrackURL() string { return r.track }

// AppURL is the base URL of the App API in this region.
func (r Region) AppURL() string { return r.app }

// PipelinesURL is the base URL of the Data Pipelines API in this region.
func (r Region) PipelinesURL() string { return r.pipelines }
