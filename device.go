package customerio

import "time"

// Device is a person's mobile device that push notifications are sent to.
type Device struct {
	// Token is the device token (APNs or FCM). Track API v1 sends it as the
	// device "id", v2 as "token".
	Token string
	// Platform is PlatformIOS or PlatformAndroid.
	Platform Platform
	// LastUsed is when the device was last active; sent as Unix seconds, left
	// out when zero. Customer.io sends to the most recently used devices.
	LastUsed time.Time
	// Attributes are the device's own attributes (app_version, device_model,
	// push permission…); time.Time values are sent as Unix seconds. Optional.
	Attributes map[string]any
}

// Platform is a device's operating system.
type Platform string

// The platforms Customer.io sends push notifications to.
const (
	PlatformIOS     Platform = "ios"
	PlatformAndroid Platform = "android"
)
