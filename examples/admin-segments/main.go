// Command admin-segments lists the segments of a workspace and a first page of
// each segment's members through the App API.
//
// With no configuration it lists an in-memory fake Customer.io seeded with a
// few segments and people:
//
//	go run ./examples/admin-segments
//
// With CUSTOMERIO_APP_KEY set (an App API key, from Settings › API
// credentials) it lists that workspace instead; add CUSTOMERIO_REGION=eu for
// a workspace in the EU region. It only reads. The key is never printed.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/retry"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "admin-segments:", err)
		os.Exit(1)
	}
}

// membersShown is how many members are printed per segment. Segments can hold
// millions of people; the count comes from GetCustomerCount instead.
const membersShown = 5

func run(ctx context.Context, out io.Writer, getenv func(string) string) error {
	region := customerio.RegionUS
	if name := getenv("CUSTOMERIO_REGION"); name != "" {
		r, err := customerio.ParseRegion(name)
		if err != nil {
			return err
		}
		region = r
	}
	// Most App API routes allow 10 requests a second; the strategy waits and
	// retries when Customer.io answers 429, honouring its Retry-After.
	opts := []customerio.Option{customerio.WithRegion(region), customerio.WithRetry(retry.Exponential())}

	key := getenv("CUSTOMERIO_APP_KEY")
	if key == "" {
		srv, err := seededFake()
		if err != nil {
			return err
		}
		defer srv.Close()
		key = srv.AppKey()
		opts = append(opts, srv.Option())
		fmt.Fprintln(out, "Listing an in-memory fake Customer.io seeded with 3 segments and 4 people (set CUSTOMERIO_APP_KEY to list your workspace)")
	} else {
		fmt.Fprintf(out, "Listing the segments of your Customer.io workspace (region %s)\n", region)
	}

	c, err := app.New(key, opts...)
	if err != nil {
		return err
	}
	segments, err := c.Segments.List(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d segments\n", len(segments))
	for _, seg := range segments {
		if err := printSegment(ctx, out, c, seg); err != nil {
			return err
		}
	}
	return nil
}

// printSegment prints one segment, its member count and its first members.
func printSegment(ctx context.Context, out io.Writer, c *app.Client, seg app.Segment) error {
	count, err := c.Segments.GetCustomerCount(ctx, seg.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nsegment %d %q (%s, %s): %d people\n", seg.ID, seg.Name, seg.Type, seg.State, count)

	// AllMembers fetches a page when the loop reaches it; a page as small as
	// what is shown, and breaking out of the loop, keep it to one request.
	shown := 0
	for m, err := range c.Segments.AllMembers(ctx, seg.ID, app.ListOptions{Limit: customerio.Ptr(membersShown)}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  - %s\n", describe(m))
		if shown++; shown == membersShown {
			break
		}
	}
	if more := count - shown; more > 0 {
		fmt.Fprintf(out, "  … and %d more\n", more)
	}
	return nil
}

// describe names a member by the identifiers Customer.io holds for them.
func describe(m customerio.Identifiers) string {
	switch {
	case m.ID != "" && m.Email != "":
		return fmt.Sprintf("%s <%s>", m.ID, m.Email)
	case m.ID != "":
		return m.ID
	case m.Email != "":
		return "<" + m.Email + ">"
	}
	return "cio_" + m.CIOID
}

// seededFake starts a fake Customer.io holding what a small workspace might:
// a data-driven segment, a manual one and an empty one, and four people.
func seededFake() (*customeriotest.Server, error) {
	srv := customeriotest.NewServer()
	people := []struct {
		id    string
		attrs map[string]any
	}{
		{"ada", map[string]any{"email": "ada@example.com", "plan": "pro"}},
		{"grace", map[string]any{"email": "grace@example.com", "plan": "pro"}},
		{"edsger", map[string]any{"plan": "free"}},
		{"barbara", map[string]any{"email": "barbara@example.com", "plan": "pro"}},
	}
	for _, p := range people {
		if _, err := srv.AddPerson(p.id, p.attrs); err != nil {
			srv.Close()
			return nil, err
		}
	}
	// The fake never evaluates a data-driven segment's conditions; it holds
	// whom it is given.
	paying := srv.CreateSegment("Paying customers", false)
	beta := srv.CreateSegment("Beta testers", true)
	srv.CreateSegment("Churned", false)
	for _, err := range []error{
		srv.AddToSegment(paying, "ada", "grace", "barbara"),
		srv.AddToSegment(beta, "edsger", "ada"),
	} {
		if err != nil {
			srv.Close()
			return nil, err
		}
	}
	return srv, nil
}
