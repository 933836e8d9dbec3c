package customerio

import (
	"runtime/debug"
	"sync"
)

// modulePath is this module's import path, looked up in the build information.
const modulePath = "github.com/gocustomerio/customerio"

// fallbackVersion is reported when the build carries no module version, as in a
// checkout of this repository itself.
const fallbackVersion = "v0.1.0-dev"

// Version returns this library's version as the Go toolchain recorded it for the
// running binary, so the User-Agent and the Data Pipelines context.library can
// never go stale.
func Version() string { return versionOnce() }

var versionOnce = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fallbackVersion
	}
	return moduleVersion(info)
})

func moduleVersion(info *debug.BuildInfo) string {
	if info.Main.Path == modulePath && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	for _, dep := range info.Deps {
		if dep.Path == modulePath {
			if dep.Replace != nil && dep.Replace.Version != "" {
				return dep.Replace.Version
			}
			if dep.Version != "" && dep.Version != "(devel)" {
				return dep.Version
			}
		}
	}
	return fallbackVersion
}

// UserAgent is the default User-Agent every client sends: "customerio-go/<version>".
func UserAgent() string { return "customerio-go/" + Version() }
