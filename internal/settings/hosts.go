package settings

// Hosts are the base URLs of one region's APIs. The root package's Region values
// wrap these, so that each region's hosts are written down once.
type Hosts struct {
	Track     string
	App       string
	Pipelines string
}

// The hosts of Customer.io's two regions.
var (
	USHosts = Hosts{
		Track:     "https://track.customer.io",
		App:       "https://api.customer.io",
		Pipelines: "https://cdp.customer.io",
	}
	EUHosts = Hosts{
		Track:     "https://track-eu.customer.io",
		App:       "https://api-eu.customer.io",
		Pipelines: "https://cdp-eu.customer.io",
	}
)

// API names one of Customer.io's HTTP APIs, for BaseURLFor.
type API int

// The APIs a client may talk to.
const (
	TrackAPI API = iota
	AppAPI
	PipelinesAPI
)

// BaseURLFor returns the base URL requests to api go to: BaseURL when set, else
// the region's host.
func (s Settings) BaseURLFor(api API) string {
	if s.BaseURL != "" {
		return s.BaseURL
	}
	switch api {
	case AppAPI:
		return s.Hosts.App
	case PipelinesAPI:
		return s.Hosts.Pipelines
	default:
		return s.Hosts.Track
	}
}
