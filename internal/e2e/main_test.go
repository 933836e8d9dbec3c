package e2e

import (
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/retry"
	"github.com/gocustomerio/customerio/track"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// newFake starts a fake Customer.io that closes when the test ends.
func newFake(t *testing.T, opts ...customeriotest.ServerOption) *customeriotest.Server {
	t.Helper()
	srv := customeriotest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// quickRetry retries like retry.Exponential with the defaults, but with waits
// of a millisecond or two, so tests exercise retries without slowing down.
func quickRetry(opts ...retry.Option) customerio.Option {
	return customerio.WithRetry(retry.Exponential(append([]retry.Option{
		retry.MaxAttempts(3), retry.Delays(time.Millisecond, 2*time.Millisecond),
	}, opts...)...))
}

// trackClient returns a Track v1 client of the fake's workspace.
func trackClient(t *testing.T, srv *customeriotest.Server, opts ...customerio.Option) *track.Client {
	t.Helper()
	c, err := track.New(srv.SiteID(), srv.APIKey(), append([]customerio.Option{srv.Option()}, opts...)...)
	if err != nil {
		t.Fatalf("track.New: %v", err)
	}
	return c
}

// appClient returns an App API client of the fake's workspace.
func appClient(t *testing.T, srv *customeriotest.Server, opts ...customerio.Option) *app.Client {
	t.Helper()
	c, err := app.New(srv.AppKey(), append([]customerio.Option{srv.Option()}, opts...)...)
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	return c
}

// requests returns the requests the fake received with this method whose path
// ends with suffix, in arrival order.
func requests(srv *customeriotest.Server, method, suffix string) []customeriotest.Request {
	var out []customeriotest.Request
	for _, r := range srv.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			out = append(out, r)
		}
	}
	return out
}
