// Command webhook-server receives Customer.io reporting webhooks: an HTTP
// server whose POST /cio/events route accepts only deliveries signed with the
// webhook's signing key, and prints each event it receives.
//
//	CUSTOMERIO_WEBHOOK_SIGNING_KEY=… go run ./examples/webhook-server -addr 127.0.0.1:8080
//
// The signing key is shown with the reporting webhook in Customer.io's
// settings. Without CUSTOMERIO_WEBHOOK_SIGNING_KEY the server runs a demo: it
// uses a demo key, starts customeriotest, the in-memory fake Customer.io, as a
// workspace whose reporting webhook points at this server, sends one
// transactional email there and opens it, so the server receives the signed
// sent, delivered and opened events the fake posts for it. It also prints a
// curl command carrying a delivery signed with the demo key, to try the server
// by hand. It stops cleanly on SIGINT or SIGTERM, letting requests in progress
// finish.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/webhook"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "webhook-server:", err)
		os.Exit(1)
	}
}

// demoSigningKey is used when CUSTOMERIO_WEBHOOK_SIGNING_KEY is not set. It is
// public: a server using it accepts deliveries anyone can sign.
const demoSigningKey = "webhook-server-demo-signing-key"

// eventsPath is the route to enter as the webhook's endpoint in Customer.io.
const eventsPath = "/cio/events"

// shutdownGrace is how long requests in progress may take to finish once the
// server is asked to stop.
const shutdownGrace = 10 * time.Second

// run serves until ctx ends, then shuts the server down. args are the command
// line flags; it prints where it listens, and each event received, to out.
func run(ctx context.Context, out io.Writer, getenv func(string) string, args []string) error {
	flags := flag.NewFlagSet("webhook-server", flag.ContinueOnError)
	flags.SetOutput(out)
	addr := flags.String("addr", "127.0.0.1:8080", "`address` to listen on (host:port; port 0 picks a free one)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q; the only flag is -addr", flags.Arg(0))
	}

	key := getenv("CUSTOMERIO_WEBHOOK_SIGNING_KEY")
	demo := key == ""
	if demo {
		key = demoSigningKey
		fmt.Fprintln(out, "CUSTOMERIO_WEBHOOK_SIGNING_KEY is not set: using the demo signing key, which anyone can sign with")
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + eventsPath
	banner := "listening on " + url + "\n"
	if demo {
		banner += "try: " + sampleCurl(url) + "\n"
	}
	fmt.Fprint(out, banner)

	srv := &http.Server{
		Handler: newHandler(key, out),
		// Customer.io gives up on a delivery after 4 seconds; nothing
		// legitimate needs longer, and the limits keep slow clients from
		// holding connections.
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	stopFake := func() {}
	if demo {
		fake := customeriotest.NewServer()
		// Close stops the fake's deliveries; calling it again is harmless.
		defer fake.Close()
		if err := sendDemoEmail(ctx, fake, url, out); err != nil {
			fmt.Fprintln(out, "demo: the fake Customer.io failed:", err)
		}
		stopFake = fake.Close
	}

	select {
	case err := <-served:
		return err // the listener failed; Serve never returns nil
	case <-ctx.Done():
	}
	// The fake stops posting before the server stops listening.
	stopFake()
	// Stop accepting connections and let requests in progress finish, so no
	// delivery is cut off half-way (Customer.io would send it again).
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(out, "server stopped")
	return nil
}

// newHandler routes POST /cio/events through the signature check to the
// event handler. Requests that fail the check are answered 401 and never
// reach it.
func newHandler(signingKey string, out io.Writer) http.Handler {
	v := &webhook.Verifier{SigningKey: webhook.NewKey(signingKey)}
	mux := http.NewServeMux()
	mux.Handle("POST "+eventsPath, v.Middleware(&eventHandler{out: out}))
	return mux
}

// eventHandler prints each verified event. A real receiver would queue it
// for processing and answer at once: Customer.io waits 4 seconds, then
// retries, and holds back later deliveries meanwhile.
type eventHandler struct {
	mu  sync.Mutex // serialises writes to out
	out io.Writer
}

func (h *eventHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The middleware read and verified the body; reading it again is safe.
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	ev, err := webhook.ParseEvent(body)
	if err != nil {
		// A signed body that is not an event will not improve on a retry;
		// 400 makes Customer.io wait an hour before trying again.
		http.Error(w, "not a reporting-webhook event", http.StatusBadRequest)
		return
	}
	// A retried delivery keeps its event id: a real receiver de-duplicates on
	// ev.EventID before acting on the event.
	h.mu.Lock()
	fmt.Fprintf(h.out, "event %s: %s %s for %s\n", ev.EventID, ev.ObjectType, ev.Metric, who(ev.Data.Identifiers))
	h.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// who names the person of an event by the first identifier it carries.
func who(ids customerio.Identifiers) string {
	for _, id := range []string{ids.ID, ids.Email, ids.CIOID, ids.Phone} {
		if id != "" {
			return id
		}
	}
	return "nobody"
}

// sendDemoEmail plays a workspace for the demo: it points the fake's
// reporting webhook at url with the demo key, sends a transactional email
// through the App API client as a real program would, and opens it, so the
// fake posts the signed sent, delivered and opened events to this server. The
// events arrive on their own, from the fake's delivery goroutine.
func sendDemoEmail(ctx context.Context, fake *customeriotest.Server, url string, out io.Writer) error {
	fake.SendWebhooks(url, demoSigningKey)
	ac, err := app.New(fake.AppKey(), fake.Option())
	if err != nil {
		return err
	}
	resp, err := ac.SendEmail(ctx, app.SendEmailRequest{
		TransactionalMessageID: app.TemplateID(1),
		Identifiers:            customerio.ByID("demo-ada"),
		To:                     "ada@example.com",
	})
	if err != nil {
		return err
	}
	// The fake reports sent and delivered by itself; what the person does
	// with the message is scripted.
	if _, err := fake.ScriptWebhook(resp.DeliveryID, customerio.MetricOpened, nil); err != nil {
		return err
	}
	fmt.Fprintf(out, "demo: sent email %s through a fake Customer.io; its reporting webhook posts here\n", resp.DeliveryID)
	return nil
}

// sampleCurl returns a curl command posting a sample delivery to url, signed
// with the demo key as Customer.io would sign it. The signature is valid for
// the Verifier's default tolerance of five minutes.
func sampleCurl(url string) string {
	body := `{"event_id":"01J0DEMO0000000000000000000","object_type":"email","metric":"opened",` +
		`"timestamp":1700000000,"data":{"identifiers":{"email":"ada@example.com"}}}`
	ts, sig := webhook.Sign(demoSigningKey, time.Now(), []byte(body))
	return fmt.Sprintf("curl -i -H '%s: %s' -H '%s: %s' --data '%s' %s",
		webhook.HeaderTimestamp, ts, webhook.HeaderSignature, sig, body, url)
}
