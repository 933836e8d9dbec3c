package customeriotest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
)

// The subscription center of the fake workspace: topics and channels are set
// up in Customer.io's UI, so every workspace the fake stands for has these.
var (
	seededTopics = []map[string]any{
		{"id": 1, "identifier": "topic_1", "name": "Product Updates", "description": "News about product releases.", "subscribed_by_default": true},
		{"id": 2, "identifier": "topic_2", "name": "Offers", "description": "Discounts and promotions.", "subscribed_by_default": false},
	}
	seededChannels = []map[string]any{
		{"id": 1, "type": "email", "name": "Email", "description": "Email messages", "subscribed_by_default": true},
		{"id": 2, "type": "twilio", "name": "SMS", "description": "Text messages", "subscribed_by_default": false},
	}
)

// appSubscriptionTopics is GET /v1/subscription_topics.
func (s *Server) appSubscriptionTopics(x *exchange) {
	x.ok(map[string]any{"topics": seededTopics})
}

// appSubscriptionChannels is GET /v1/subscription_channels.
func (s *Server) appSubscriptionChannels(x *exchange) {
	x.ok(map[string]any{"channels": seededChannels})
}

// appSubscriptionCenterToken is GET
// /v1/subscription_center/{customer_id}/token: a token and a link for a person
// named by id or email, 400 for anyone else (as Customer.io answers). The
// token is an HMAC of the person's cio_id under the workspace's signing key,
// so it differs per person and per server; the link points at the fake's own
// address and is not served.
func (s *Server) appSubscriptionCenterToken(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.state.find(pathIdent(x.params["customer_id"]))
	if p == nil {
		x.fail(http.StatusBadRequest, invalid("customer_id", "customer_id does not match a person"))
		return
	}
	mac := hmac.New(sha256.New, []byte(s.state.hooks.signingKey))
	mac.Write([]byte(p.cioID))
	token := base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	x.ok(map[string]any{"token": token, "url": s.URL() + "/u/i/" + token + "/"})
}
