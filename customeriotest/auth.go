package customeriotest

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// authorized reports whether r carries the credential scheme demands. Track
// takes HTTP Basic site ID and API key; the App API "Bearer <key>"; Data
// Pipelines HTTP Basic with the write key as user and an empty password.
func (s *Server) authorized(scheme authScheme, r *http.Request) bool {
	switch scheme {
	case authNone:
		return true
	case authTrack:
		user, pass, ok := r.BasicAuth()
		return ok && same(user, s.cfg.siteID) && same(pass, s.cfg.apiKey)
	case authApp:
		kind, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		return ok && strings.EqualFold(kind, "Bearer") && same(token, s.cfg.appKey)
	case authPipelines:
		user, pass, ok := r.BasicAuth()
		return ok && same(user, s.cfg.writeKey) && pass == ""
	}
	return false
}

func same(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
