package pipelines

// Integrations turns the destinations of a message on or off, by destination
// name: {"All": false, "Customer.io": true} sends the message to Customer.io
// only. Destinations not named follow "All", which defaults to true. A value
// may also be an object of options for that destination. Build it as a map
// literal or with Enable and Disable:
//
//	pipelines.Integrations{}.Disable(pipelines.AllDestinations).Enable("Customer.io")
type Integrations map[string]any

// AllDestinations is the Integrations key that sets the default for every
// destination not named.
const AllDestinations = "All"

// Enable turns on the named destinations and returns the integrations,
// creating them when i is nil.
func (i Integrations) Enable(destinations ...string) Integrations {
	return i.set(true, destinations)
}

// Disable turns off the named destinations and returns the integrations,
// creating them when i is nil.
func (i Integrations) Disable(destinations ...string) Integrations {
	return i.set(false, destinations)
}

func (i Integrations) set(on bool, destinations []string) Integrations {
	if i == nil {
		i = make(Integrations, len(destinations))
	}
	for _, d := range destinations {
		i[d] = on
	}
	return i
}
