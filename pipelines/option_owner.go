package pipelines

import (
	"runtime"
	"strings"
)

// callerName is the package-qualified name ("pipelines.WithGzip") of the option
// constructor that called update, for errors that name the option.
func callerName() string {
	pcs := make([]uintptr, 8)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	for {
		frame, more := frames.Next()
		name := frame.Function[strings.LastIndex(frame.Function, "/")+1:]
		if name != "pipelines.callerName" && name != "pipelines.update" && name != "" {
			return name
		}
		if !more {
			return "a pipelines option"
		}
	}
}
