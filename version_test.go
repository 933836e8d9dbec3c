package customerio

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestModuleVersion(t *testing.T) {
	tests := []struct {
		name string
		info debug.BuildInfo
		want string
	}{
		{"dependency", debug.BuildInfo{Main: debug.Module{Path: "example.com/app"}, Deps: []*debug.Module{{Path: modulePath, Version: "v1.4.2"}}}, "v1.4.2"},
		{"replaced dependency", debug.BuildInfo{Deps: []*debug.Module{{Path: modulePath, Version: "v1.4.2", Replace: &debug.Module{Path: "../fork", Version: "v1.4.3"}}}}, "v1.4.3"},
		{"this module as main", debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v2.0.0"}}, "v2.0.0"},
		{"development checkout", debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}}, fallbackVersion},
		{"not found", debug.BuildInfo{Main: debug.Module{Path: "example.com/app"}}, fallbackVersion},
	}
	for _, tt := range tests {
		if got := moduleVersion(&tt.info); got != tt.want {
			t.Errorf("%s: moduleVersion = %q, want %q", tt.name, got, tt.want)
		}
	}
	if ua := UserAgent(); !strings.HasPrefix(ua, "customerio-go/v") {
		t.Errorf("UserAgent = %q", ua)
	}
}
