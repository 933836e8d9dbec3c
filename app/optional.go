package app

// Bool returns a pointer to v, for optional boolean fields and options such as
// SendEmailRequest.Tracked: app.Bool(false) turns tracking off, nil keeps
// Customer.io's default.
func Bool(v bool) *bool { return &v }

// Int returns a pointer to v, for optional numbers such as ListOptions.Limit.
func Int(v int) *int { return &v }

// String returns a pointer to v, for optional text such as ContentUpdate.Subject,
// where an empty string clears the field and nil leaves it as it is.
func String(v string) *string { return &v }
