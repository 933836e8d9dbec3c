package track

// SubscriptionPreferences is the value of the AttrSubscriptionPreferences key on
// Identify: it subscribes the person to, or unsubscribes them from, individual
// topics of the workspace's subscription center. Topics not listed keep their
// current state.
type SubscriptionPreferences struct {
	// Topics maps a topic key such as "topic_1" to whether the person is
	// subscribed to it.
	Topics map[string]bool `json:"topics"`
}
