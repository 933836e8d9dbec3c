// Command exportdeliveries exports the deliveries of one newsletter to a CSV
// file: it starts a deliveries export, waits for Customer.io to build it, and
// downloads the file through the signed link the export hands out.
//
// With no configuration it talks to customeriotest, an in-memory fake
// Customer.io seeded with a newsletter sent to two people, so it runs
// anywhere without an account:
//
//	go run ./examples/exportdeliveries
//
// It writes deliveries.csv in the current directory (-out picks another
// file). To export from a real workspace instead, set CUSTOMERIO_APP_KEY (an
// App API key) and pass the newsletter's id with -newsletter, plus
// CUSTOMERIO_REGION=eu for a workspace in the EU region. The key is never
// printed.
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/retry"
)

func main() {
	newsletter := flag.Int("newsletter", 0, "the newsletter whose deliveries to export (default: the fake's Spring news)")
	outPath := flag.String("out", "deliveries.csv", "the CSV file to write")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg := config{newsletter: *newsletter, outPath: *outPath, appKey: os.Getenv("CUSTOMERIO_APP_KEY"), region: os.Getenv("CUSTOMERIO_REGION")}
	if err := run(ctx, os.Stdout, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "exportdeliveries:", err)
		os.Exit(1)
	}
}

// config is what the command was asked to do.
type config struct {
	newsletter int
	outPath    string
	// appKey and region pick a real workspace; without a key the command
	// starts a fake.
	appKey, region string
	// pollInterval paces the export's status checks; 0 is Wait's default.
	pollInterval time.Duration
}

func run(ctx context.Context, out io.Writer, cfg config) error {
	opts := []customerio.Option{customerio.WithRetry(retry.Exponential())}
	download := http.DefaultClient
	appKey := cfg.appKey
	if appKey != "" {
		if cfg.newsletter < 1 {
			return errors.New("with CUSTOMERIO_APP_KEY set, pass the newsletter's id with -newsletter")
		}
		region := customerio.RegionUS
		if cfg.region != "" {
			r, err := customerio.ParseRegion(cfg.region)
			if err != nil {
				return err
			}
			region = r
		}
		opts = append(opts, customerio.WithRegion(region))
		fmt.Fprintf(out, "Using the real Customer.io workspace of the App API key (region %s)\n", region)
	} else {
		srv, spring, err := seededFake()
		if err != nil {
			return err
		}
		defer srv.Close()
		appKey = srv.AppKey()
		opts = append(opts, srv.Option())
		// The fake serves the export file itself, over TLS with its own
		// certificate: its client trusts it.
		download = srv.Client()
		if cfg.newsletter == 0 {
			cfg.newsletter = spring
		}
		fmt.Fprintln(out, "Using an in-memory fake Customer.io (set CUSTOMERIO_APP_KEY to use a real workspace)")
	}
	c, err := app.New(appKey, opts...)
	if err != nil {
		return err
	}

	// Start the export. Creating one is not repeated after an ambiguous
	// failure unless the request says so; a duplicate export is harmless,
	// so this one opts in.
	export, err := c.Exports.CreateDeliveriesExport(ctx, app.ExportDeliveriesRequest{
		NewsletterID: cfg.newsletter,
		Attributes:   []string{"first_name"},
	}, app.AllowRepeat())
	if err != nil {
		return fmt.Errorf("starting the export: %w", err)
	}
	fmt.Fprintf(out, "Started export %d (%s)\n", export.ID, export.Status)

	// Wait polls the export with a growing pause until it is done, and
	// returns the signed link to its file.
	link, err := c.Exports.Wait(ctx, export.ID, app.PollOptions{Interval: cfg.pollInterval})
	if err != nil {
		return fmt.Errorf("waiting for export %d: %w", export.ID, err)
	}
	fmt.Fprintf(out, "Export %d is done\n", export.ID)

	file, err := fetch(ctx, download, link)
	if err != nil {
		return fmt.Errorf("downloading export %d: %w", export.ID, err)
	}
	rows, err := csv.NewReader(bytes.NewReader(file)).ReadAll()
	if err != nil {
		return fmt.Errorf("export %d is not CSV: %w", export.ID, err)
	}
	if err := os.WriteFile(cfg.outPath, file, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(out, "Wrote %d deliveries of newsletter %d to %s\n", max(len(rows)-1, 0), cfg.newsletter, cfg.outPath)
	return nil
}

// fetch downloads the file behind a signed link; the link carries its own
// authorization, so no key is sent.
func fetch(ctx context.Context, client *http.Client, link string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the download link answered %s", resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// seededFake starts a fake workspace in which the newsletter "Spring news"
// reached two people and another newsletter a third, so the export has
// something to leave out; it returns the fake and Spring news's id.
func seededFake() (*customeriotest.Server, int, error) {
	srv := customeriotest.NewServer()
	for _, p := range []struct{ id, email, name string }{
		{"ada", "ada@example.com", "Ada"},
		{"grace", "grace@example.com", "Grace"},
		{"alan", "alan@example.com", "Alan"},
	} {
		if _, err := srv.AddPerson(p.id, map[string]any{"email": p.email, "first_name": p.name}); err != nil {
			srv.Close()
			return nil, 0, err
		}
	}
	spring := srv.AddSentNewsletter("Spring news", "Spring news", customerio.ByID("ada"), customerio.ByID("grace"))
	srv.AddSentNewsletter("Autumn news", "Autumn news", customerio.ByID("alan"))
	return srv, spring, nil
}
