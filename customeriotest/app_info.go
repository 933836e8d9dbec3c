package customeriotest

// cioIPAddresses are the US-region addresses Customer.io publishes for
// allowlisting.
var cioIPAddresses = []string{
	"35.188.196.183", "104.198.177.219", "104.154.232.87", "130.211.229.195", "104.198.221.24",
	"104.197.27.15", "35.194.9.154", "104.154.144.51", "104.197.210.12", "35.225.6.73",
}

// appIPAddresses is GET /v1/info/ip_addresses, which takes no credentials.
func (s *Server) appIPAddresses(x *exchange) {
	x.ok(map[string]any{"ip_addresses": cioIPAddresses})
}
