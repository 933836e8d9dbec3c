// Command quickstart is a first tour of the library. It identifies a person
// and tracks an event (Track API v1), sends a Track API v2 batch, creates a
// manual segment and fills it, reads the segment and the person back through
// the App API, and checks a signed reporting-webhook delivery, printing what
// each step did.
//
// With no configuration it talks to customeriotest, an in-memory fake
// Customer.io, so it runs anywhere without an account:
//
//	go run ./examples/quickstart
//
// To use a real workspace instead, set all three of CUSTOMERIO_SITE_ID and
// CUSTOMERIO_API_KEY (Track API credentials) and CUSTOMERIO_APP_KEY (an App
// API key), plus CUSTOMERIO_REGION=eu for a workspace in the EU region. The
// run then leaves two people (quickstart-ada and quickstart-grace) and a manual
// segment named "Quickstart" in the workspace. Keys are never printed.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/retry"
	"github.com/gocustomerio/customerio/track"
	"github.com/gocustomerio/customerio/trackv2"
	"github.com/gocustomerio/customerio/webhook"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// The two people the tour creates.
const (
	ada   = "quickstart-ada"
	grace = "quickstart-grace"
)

// demoSigningKey signs the sample webhook delivery of the last step. A real
// receiver reads the key shown in Customer.io's reporting-webhook settings.
const demoSigningKey = "quickstart-demo-signing-key"

func run(ctx context.Context, out io.Writer, getenv func(string) string) error {
	// 1. Pick the workspace: a real one when every credential is set, else a
	// fake started for this run.
	ws, err := workspaceFromEnv(getenv)
	if err != nil {
		return err
	}
	if ws.real {
		fmt.Fprintf(out, "1. Using the real Customer.io workspace of site %s (region %s)\n", ws.siteID, ws.region)
	} else {
		srv := customeriotest.NewServer()
		defer srv.Close()
		ws.siteID, ws.apiKey, ws.appKey = srv.SiteID(), srv.APIKey(), srv.AppKey()
		// Option points every client at the fake: its URL and its HTTP client.
		ws.opts = append(ws.opts, srv.Option())
		fmt.Fprintf(out, "1. Using an in-memory fake Customer.io %s\n", ws.note)
	}

	// 2. One Track client per workspace, shared by the whole program. The
	// retry strategy repeats calls that failed in a way worth repeating (a
	// 429, a 503, a dropped connection).
	tc, err := track.New(ws.siteID, ws.apiKey, ws.opts...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "2. track.New: a Track API client for site %s\n", ws.siteID)

	// 3. Identify creates the person, or updates them. A time.Time is sent as
	// Unix seconds, the way Customer.io stores times.
	err = tc.Identify(ctx, ada, map[string]any{
		track.AttrEmail:     "ada@example.com",
		track.AttrCreatedAt: time.Now(),
		"plan":              "pro",
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "3. Identify: %s with email ada@example.com, created_at now and plan pro\n", ada)

	// 4. Events trigger campaigns and fill segments. Each carries an id the
	// client generates, so Customer.io drops a retried copy instead of
	// recording it twice.
	if err := tc.Track(ctx, ada, "finished_quickstart", map[string]any{"steps": 9}); err != nil {
		return err
	}
	fmt.Fprintf(out, "4. Track: event finished_quickstart for %s\n", ada)

	// 5. Track API v2 takes many operations in one request. A 207 answer
	// rejects some of them and applies the rest: *trackv2.PartialError says
	// which.
	ops := []trackv2.Op{
		trackv2.IdentifyPerson(customerio.ByID(grace), map[string]any{"email": "grace@example.com", "plan": "trial"}),
		trackv2.TrackPersonEvent(customerio.ByID(grace), "signed_up", map[string]any{"source": "quickstart"}),
		trackv2.IdentifyPerson(customerio.ByEmail("ada@example.com"), map[string]any{"team": "engines"}),
	}
	res, err := tc.V2().Batch(ctx, ops)
	var partial *trackv2.PartialError
	if err != nil && !errors.As(err, &partial) {
		return err
	}
	fmt.Fprintf(out, "5. Track v2 batch: %d ops (identify, event, identify) in %d request, %d rejected\n",
		len(ops), res.Requests, len(res.Errors))
	for _, item := range res.Errors {
		fmt.Fprintf(out, "   rejected %s\n", item)
	}

	// 6. The App API manages the workspace; it has its own key. A manual
	// segment is created there and filled through the Track API.
	ac, err := app.New(ws.appKey, ws.opts...)
	if err != nil {
		return err
	}
	seg, err := ac.Segments.Create(ctx, app.CreateSegmentRequest{Name: "Quickstart", Description: "People the quickstart created"})
	if err != nil {
		return err
	}
	if err := tc.AddToSegment(ctx, seg.ID, []string{ada, grace}, customerio.IDTypeID); err != nil {
		return err
	}
	fmt.Fprintf(out, "6. Created manual segment %d %q (App API) and added %s and %s to it (Track API)\n", seg.ID, seg.Name, ada, grace)

	// 7. AllMembers walks every page of the membership list, fetching the
	// next page only when the loop gets there.
	var members []string
	for m, err := range ac.Segments.AllMembers(ctx, seg.ID, app.ListOptions{}) {
		if err != nil {
			return err
		}
		members = append(members, fmt.Sprintf("%s <%s>", m.ID, m.Email))
	}
	if len(members) == 0 {
		members = append(members, "none yet (Customer.io applies Track calls within seconds; run again to see them)")
	}
	fmt.Fprintf(out, "7. Members of segment %d (App API): %s\n", seg.ID, strings.Join(members, ", "))

	// 8. Look the person up by id, then by email. The App API returns every
	// attribute as a string.
	profile, err := ac.Customers.GetAttributes(ctx, ada, customerio.IDTypeID)
	switch {
	case errors.Is(err, customerio.ErrNotFound):
		fmt.Fprintf(out, "8. %s is not visible yet (Customer.io applies Track calls within seconds)\n", ada)
	case err != nil:
		return err
	default:
		fmt.Fprintf(out, "8. GetAttributes(%s): email %v, plan %v, team %v\n", ada,
			profile.Attributes["email"], profile.Attributes["plan"], profile.Attributes["team"])
	}
	found, err := ac.Customers.GetByEmail(ctx, "ada@example.com")
	if err != nil {
		return err
	}
	ids := make([]string, len(found))
	for i, f := range found {
		ids[i] = f.ID
	}
	fmt.Fprintf(out, "   GetByEmail(ada@example.com): ids [%s]\n", strings.Join(ids, " "))

	// 9. Customer.io signs each reporting-webhook delivery with the webhook's
	// signing key. A Verifier accepts only bodies signed with it, within five
	// minutes of their timestamp.
	fmt.Fprintf(out, "9. Webhook: %s\n", checkWebhook())
	return nil
}

// checkWebhook signs a sample delivery as Customer.io would, verifies it, and
// shows that changing one byte of the body makes verification fail.
func checkWebhook() string {
	body := []byte(`{"event_id":"01J0QUICKSTART0000000000000","object_type":"email","metric":"opened",` +
		`"timestamp":1700000000,"data":{"identifiers":{"id":"quickstart-ada"},"delivery_id":"dlv_1"}}`)
	ts, sig := webhook.Sign(demoSigningKey, time.Now(), body)
	h := http.Header{}
	h.Set(webhook.HeaderTimestamp, ts)
	h.Set(webhook.HeaderSignature, sig)

	v := &webhook.Verifier{SigningKey: webhook.NewKey(demoSigningKey)}
	signed := "signed delivery verified"
	if err := v.Verify(h, body); err != nil {
		signed = "signed delivery refused: " + err.Error()
	}
	tampered := []byte(strings.Replace(string(body), "opened", "clicked", 1))
	if err := v.Verify(h, tampered); err != nil {
		return signed + "; tampered delivery refused (" + err.Error() + ")"
	}
	return signed + "; tampered delivery accepted"
}

// workspace is where the tour runs and how to reach it.
type workspace struct {
	real                   bool
	siteID, apiKey, appKey string
	region                 customerio.Region
	// note tells how to switch to a real workspace, in fake mode.
	note string
	opts []customerio.Option
}

// credentialVars are the variables that must all be set for a real workspace.
var credentialVars = []string{"CUSTOMERIO_SITE_ID", "CUSTOMERIO_API_KEY", "CUSTOMERIO_APP_KEY"}

// workspaceFromEnv reads the credentials. Only when all three are set does it
// choose the real workspace; the keys are kept for the clients and never shown.
func workspaceFromEnv(getenv func(string) string) (workspace, error) {
	ws := workspace{
		siteID: getenv("CUSTOMERIO_SITE_ID"),
		apiKey: getenv("CUSTOMERIO_API_KEY"),
		appKey: getenv("CUSTOMERIO_APP_KEY"),
		region: customerio.RegionUS,
	}
	if name := getenv("CUSTOMERIO_REGION"); name != "" {
		r, err := customerio.ParseRegion(name)
		if err != nil {
			return workspace{}, err
		}
		ws.region = r
	}
	// Track events carry de-duplication ids, so the ready strategy may retry
	// them; transactional sends it repeats only when that is provably safe.
	ws.opts = []customerio.Option{customerio.WithRegion(ws.region), customerio.WithRetry(retry.Exponential())}

	var missing []string
	for _, name := range credentialVars {
		if getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	switch {
	case len(missing) == 0:
		ws.real = true
	case len(missing) == len(credentialVars):
		ws.note = "(set " + strings.Join(credentialVars, ", ") + " to use a real workspace)"
	default:
		ws.note = "(" + strings.Join(missing, ", ") + " not set: a real workspace needs all of " + strings.Join(credentialVars, ", ") + ")"
	}
	return ws, nil
}
