package customerio

import (
	"strings"
	"testing"
)

// TestWithBaseURLErrorShowsSchemeAndHostOnly pins that a rejected base URL is
// named by scheme and host at most: user information, path, query and fragment
// may hold a credential and never appear.
func TestWithBaseURLErrorShowsSchemeAndHostOnly(t *testing.T) {
	tests := []struct {
		base, want string
	}{
		{"https://host.example/?api_key=secret-1", "https://host.example must not have a query"},
		{"https://host.example/secret-1?", "https://host.example must not have a query"},
		{"https://host.example/p#secret-1", "https://host.example must not have a fragment"},
		{"https://user:secret-1@host.example/secret-1", "https://host.example must not carry user information"},
		{"https://secret-1@host.example", "https://host.example must not carry user information"},
		{"ftp://secret-1@host.example/secret-1", "scheme must be http or https"},
		{"secret-1://host.example", "scheme must be http or https"},
		{"https:///secret-1", "no host"},
		{"https://host.example/%zzsecret-1", "not a valid URL"},
	}
	for _, tt := range tests {
		_, err := resolve(WithBaseURL(tt.base))
		if err == nil {
			t.Errorf("%s: accepted", tt.base)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.want) || !strings.HasPrefix(msg, "customerio: WithBaseURL: ") {
			t.Errorf("%s: error %q, want it to name WithBaseURL and contain %q", tt.base, msg, tt.want)
		}
		if strings.Contains(msg, "secret-1") {
			t.Errorf("%s: error echoes part of the URL beyond scheme and host: %q", tt.base, msg)
		}
	}
}

// TestWithBaseURLErrorNamesTheOption pins that input that is no URL at all is
// reported under the option's name with the reason, not as an escaped echo of
// the input.
func TestWithBaseURLErrorNamesTheOption(t *testing.T) {
	_, err := resolve(WithBaseURL("not a url"))
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	if !strings.Contains(msg, "WithBaseURL") || !strings.Contains(msg, "not an absolute URL") {
		t.Errorf("error %q does not name WithBaseURL and what is wrong", msg)
	}
	if strings.Contains(msg, "not%20a%20url") || strings.Contains(msg, "not a url") {
		t.Errorf("error %q echoes the input", msg)
	}
}
