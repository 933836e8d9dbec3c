package customerio

// Ptr returns a pointer to v, for the optional fields of requests, where nil
// means "not set" and a pointer to the zero value means "set to zero".
func Ptr[T any](v T) *T { return &v }
