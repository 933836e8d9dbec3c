package track

import (
	"context"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
)

// RegionInfo is where a workspace's data lives, as Customer.io reports it for
// the client's credentials.
type RegionInfo struct {
	// URL is the Track API host for the workspace, such as
	// "https://track-eu.customer.io".
	URL string `json:"url"`
	// Region is "us" or "eu"; customerio.ParseRegion turns it into the
	// customerio.Region to build clients with.
	Region string `json:"region"`
	// EnvironmentID is the workspace's id.
	EnvironmentID int64 `json:"environment_id"`
}

// Region asks Customer.io which region the client's credentials belong to (GET
// /api/v1/accounts/region). It works on either region's host, so an application
// can discover the region once and then build its clients with
// customerio.WithRegion: calling the right host directly keeps EU data from
// transiting the US.
func (c *Client) Region(ctx context.Context) (RegionInfo, error) {
	var info RegionInfo
	err := c.api.DoJSON(ctx, &transport.Request{Op: "track.Region", Method: http.MethodGet, Path: "/api/v1/accounts/region"}, &info)
	return info, err
}
