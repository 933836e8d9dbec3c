package transport

import "testing"

// TestEscape pins the escaping table of parity.md D2, with "+" escaped as %2B
// (open point O1).
func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"42", "42"},
		{"a/b", "a%2Fb"},
		{"abc/", "abc%2F"},
		{"a b", "a%20b"},
		{"a%b", "a%25b"},
		{"a?b", "a%3Fb"},
		{"a#b", "a%23b"},
		{"a;b,c", "a%3Bb%2Cc"},
		{"ü", "%C3%BC"},
		{"user@example.com", "user@example.com"},
		{"a+b@x.com", "a%2Bb@x.com"},
		{"!'()*", "%21%27%28%29%2A"},
		{"tok-abc", "tok-abc"},
		{"+15551234567", "%2B15551234567"},
		{"a=b:c&d$", "a=b:c&d$"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPath(t *testing.T) {
	if got := Path("/api/v1/customers", "a/b", "devices", "x y"); got != "/api/v1/customers/a%2Fb/devices/x%20y" {
		t.Errorf("Path = %s", got)
	}
	if got := Path("/api/v1/merge_customers"); got != "/api/v1/merge_customers" {
		t.Errorf("Path without segments = %s", got)
	}
}
