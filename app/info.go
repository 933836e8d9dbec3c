package app

import (
	"context"
	"net/http"

	"github.com/gocustomerio/customerio/internal/transport"
)

// InfoService reads facts about Customer.io itself rather than a workspace.
type InfoService struct{ api *transport.Client }

// IPAddresses returns the addresses Customer.io sends messages and webhooks
// from (GET /v1/info/ip_addresses), to allowlist in a firewall or a custom
// SMTP provider's access settings; push notifications come from elsewhere.
// The route needs no credentials; the client's key is sent as on every call,
// and Customer.io ignores it.
func (s *InfoService) IPAddresses(ctx context.Context) ([]string, error) {
	p := newProblems("app.Info.IPAddresses")
	return fetch[[]string](ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: "/v1/info/ip_addresses"}, "ip_addresses")
}
