package customerio_test

import (
	"context"
	"strings"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/internal/settings"
	"github.com/gocustomerio/customerio/pipelines"
	"github.com/gocustomerio/customerio/track"
	"github.com/gocustomerio/customerio/trackv2"
)

// packageOption is an option that belongs to one client package.
type packageOption struct {
	name, pkg string
	opt       customerio.Option
}

// packageOptions lists every package-specific option of the module.
func packageOptions() []packageOption {
	return []packageOption{
		{"app.WithWorkspaceID", "app", app.WithWorkspaceID("12")},
		{"pipelines.WithQueue", "pipelines", pipelines.WithQueue(customerio.QueueConfig{MaxBatchItems: 5, FlushInterval: time.Second, OnFailure: func([]customerio.Failure) {}})},
		{"pipelines.WithGzip", "pipelines", pipelines.WithGzip()},
		{"pipelines.WithStrictMode", "pipelines", pipelines.WithStrictMode()},
		{"pipelines.WithDryRun", "pipelines", pipelines.WithDryRun()},
		{"pipelines.WithDefaultContext", "pipelines", pipelines.WithDefaultContext(pipelines.Context{})},
	}
}

// constructors builds a client of each package with opts, returning the error
// and closing whatever was built.
var constructors = map[string]func(opts ...customerio.Option) error{
	"app": func(opts ...customerio.Option) error {
		_, err := app.New("key", opts...)
		return err
	},
	"pipelines": func(opts ...customerio.Option) error {
		c, err := pipelines.New("key", opts...)
		if err == nil {
			_ = c.Close(context.Background())
		}
		return err
	},
	"track": func(opts ...customerio.Option) error {
		_, err := track.New("site", "key", opts...)
		return err
	},
	"trackv2": func(opts ...customerio.Option) error {
		_, err := trackv2.New("site", "key", opts...)
		return err
	},
}

// TestForeignPackageOptionIsRefused pins that a package's option given to another
// package's constructor is an error naming the option and its package, instead
// of being ignored, for every option and every other constructor.
func TestForeignPackageOptionIsRefused(t *testing.T) {
	for _, po := range packageOptions() {
		for pkg, build := range constructors {
			err := build(customerio.WithBaseURL("http://127.0.0.1:1"), po.opt)
			if pkg == po.pkg {
				if err != nil {
					t.Errorf("%s.New(%s): %v", pkg, po.name, err)
				}
				continue
			}
			if err == nil {
				t.Errorf("%s.New(%s) accepted another package's option", pkg, po.name)
				continue
			}
			want := po.name + " is an option of package " + po.pkg
			if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "a "+pkg+" client") {
				t.Errorf("%s.New(%s): %q, want it to contain %q and name the %s client", pkg, po.name, err, want, pkg)
			}
		}
	}
}

// TestResolveTakesEveryPackagesOptions pins that resolving for no particular
// package still applies any option.
func TestResolveTakesEveryPackagesOptions(t *testing.T) {
	for _, po := range packageOptions() {
		if _, err := settings.Resolve("", []customerio.Option{po.opt}); err != nil {
			t.Errorf("Resolve(%s): %v", po.name, err)
		}
	}
}

// TestResolveForOwnOption pins the ownership mechanism for an option defined outside
// the module's clients.
func TestResolveForOwnOption(t *testing.T) {
	mine := func(s *settings.Settings) { s.OwnedBy("mine", "mine.WithX") }
	if _, err := settings.Resolve("mine", []customerio.Option{mine, mine}); err != nil {
		t.Errorf("own option: %v", err)
	}
	_, err := settings.Resolve("other", []customerio.Option{mine, mine, customerio.WithTimeout(-1)})
	if err == nil || strings.Count(err.Error(), "mine.WithX") != 1 || !strings.Contains(err.Error(), "negative") {
		t.Errorf("foreign option given twice plus a bad timeout: %v; want one mention of mine.WithX and the timeout", err)
	}
}
