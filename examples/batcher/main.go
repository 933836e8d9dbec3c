// Command batcher sends 100,000 Track v2 events to Customer.io through a
// trackv2.Batcher, the way a busy service would from its request handlers:
// Enqueue never waits for the network, uploaders send the events in batches
// of 100 in the background, and Close delivers the rest at shutdown.
//
// By default it runs against customeriotest, an in-memory fake of
// Customer.io, so it needs no account:
//
//	go run ./examples/batcher
//
// With CUSTOMERIO_SITE_ID and CUSTOMERIO_API_KEY set it sends to the real
// Track API of that workspace (CUSTOMERIO_REGION=eu for an EU workspace), and
// BATCHER_EVENTS sets how many events to send.
//
// With -spool DIR, every event is kept on disk in DIR until it has its
// outcome: kill the program midway (kill -9) and run it again with the same
// directory, and the events the first run had accepted are delivered first,
// with their original event ids, so Customer.io drops any repeat:
//
//	go run ./examples/batcher -spool /var/lib/batcher-spool
//
// Each Enqueue then waits for its event to be on disk (a group commit of
// about 2 ms plus one fsync), so the events are enqueued from several
// goroutines at once, as the request handlers of a service would.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/retry"
	"github.com/gocustomerio/customerio/trackv2"
)

// Defaults of the run.
const (
	defaultEvents = 100_000
	progressEvery = 25_000
	people        = 1_000
	// closeTimeout bounds how long Close may take to deliver what is queued;
	// what it cannot deliver by then is reported as failed.
	closeTimeout = 2 * time.Minute
	// spoolWorkers is how many goroutines enqueue at once with -spool: they
	// share each group commit's fsync.
	spoolWorkers = 64
)

func main() {
	spoolDir := flag.String("spool", "", "keep queued events on disk in this `directory` until delivered, so a killed run loses none")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv, *spoolDir); err != nil {
		fmt.Fprintln(os.Stderr, "batcher:", err)
		os.Exit(1)
	}
}

// run sends the events and writes progress and the final counters to out.
// getenv reads the configuration (os.Getenv in main); spoolDir, when not
// empty, is the directory of the Batcher's on-disk spool.
func run(ctx context.Context, out io.Writer, getenv func(string) string, spoolDir string) error {
	events := defaultEvents
	if v := getenv("BATCHER_EVENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return fmt.Errorf("BATCHER_EVENTS must be a positive number, not %q", v)
		}
		events = n
	}

	client, target, done, err := newClient(getenv)
	if err != nil {
		return err
	}
	defer done()

	failures := &failureLog{}
	b, err := trackv2.NewBatcher(client, customerio.QueueConfig{OnFailure: failures.record, SpoolDir: spoolDir})
	if err != nil {
		return err
	}
	if left := b.Stats().Enqueued; left > 0 {
		fmt.Fprintf(out, "delivering first %d events a previous run left in %s\n", left, spoolDir)
	}
	fmt.Fprintf(out, "sending %d events to %s\n", events, target)

	start := time.Now()
	workers := 1
	if spoolDir != "" {
		workers = spoolWorkers
	}
	enqueueErr := enqueue(ctx, out, b, events, workers)

	// Close delivers everything still queued, whatever happened above.
	closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), closeTimeout)
	defer cancel()
	closeErr := b.Close(closeCtx)
	elapsed := time.Since(start)

	s := b.Stats()
	fmt.Fprintf(out, "done in %v (%.0f events/s): enqueued=%d delivered=%d failed=%d dropped=%d requests=%d retried=%d\n",
		elapsed.Round(time.Millisecond), float64(s.Delivered)/elapsed.Seconds(),
		s.Enqueued, s.Delivered, s.Failed, s.Dropped, s.BatchesSent, s.Retried)
	if first := failures.first(); first != nil {
		fmt.Fprintf(out, "first failure: %v\n", first)
	}
	switch {
	case enqueueErr != nil:
		return enqueueErr
	case closeErr != nil:
		return fmt.Errorf("closing the batcher: %w", closeErr)
	case s.Failed > 0:
		return fmt.Errorf("%d events were not delivered", s.Failed)
	}
	return nil
}

// newClient returns the Track v2 client to send with, a description of where
// it sends, and a function that releases what it started.
func newClient(getenv func(string) string) (*trackv2.Client, string, func(), error) {
	// Retry attempts that fail on the way; the batcher retries whole batches
	// on top of this, for up to 30 s.
	opts := []customerio.Option{customerio.WithRetry(retry.Exponential(retry.MaxAttempts(3)))}
	site, key := getenv("CUSTOMERIO_SITE_ID"), getenv("CUSTOMERIO_API_KEY")
	if site == "" && key == "" {
		srv := customeriotest.NewServer()
		c, err := trackv2.New(srv.SiteID(), srv.APIKey(), append(opts, srv.Option())...)
		if err != nil {
			srv.Close()
			return nil, "", nil, err
		}
		return c, "the customeriotest fake at " + srv.URL(), srv.Close, nil
	}
	region := customerio.RegionUS
	switch r := getenv("CUSTOMERIO_REGION"); r {
	case "", "us":
	case "eu":
		region = customerio.RegionEU
	default:
		return nil, "", nil, fmt.Errorf("CUSTOMERIO_REGION must be us or eu, not %q", r)
	}
	c, err := trackv2.New(site, key, append(opts, customerio.WithRegion(region))...)
	if err != nil {
		return nil, "", nil, err
	}
	return c, "Customer.io (" + c.String() + ")", func() {}, nil
}

// enqueue queues the events from workers goroutines, as many request
// handlers would, and reports progress every progressEvery events.
func enqueue(ctx context.Context, out io.Writer, b *trackv2.Batcher, events, workers int) error {
	var (
		mu    sync.Mutex
		done  int
		first error
		wg    sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < events; i += workers {
				person := customerio.ByID("batcher-example-" + strconv.Itoa(i%people))
				op := trackv2.TrackPersonEvent(person, "page_viewed", map[string]any{
					"path":     "/products/" + strconv.Itoa(i%97),
					"sequence": i,
					"at":       time.Now(),
				})
				err := b.Enqueue(ctx, op)
				mu.Lock()
				if err != nil {
					if first == nil {
						first = fmt.Errorf("event %d: %w", i, err)
					}
					mu.Unlock()
					return
				}
				done++
				if done%progressEvery == 0 || done == events {
					fmt.Fprintf(out, "enqueued %d, delivered %d\n", done, b.Stats().Delivered)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return first
}

// failureLog keeps the first error OnFailure reports (the Batcher counts the
// failures). A real service would store each customerio.Failure's Data to replay it
// with EnqueueRaw.
type failureLog struct {
	mu  sync.Mutex
	err error
}

func (f *failureLog) record(failed []customerio.Failure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil && len(failed) > 0 {
		f.err = failed[0].Err
	}
}

func (f *failureLog) first() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}
