package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
	"github.com/gocustomerio/customerio/webhook"
)

// idempotentReceiver handles reporting webhooks behind the signature check
// and acts on each event once, keyed on its event id. It can be told to
// answer 500 after acting on the first delivery of one metric, the failure a
// retry with the same event id exists for.
type idempotentReceiver struct {
	srv *httptest.Server

	mu       sync.Mutex
	arrivals []webhook.Event // every verified delivery, repeats included
	acted    []webhook.Event // each event once
	seen     map[string]bool
	failOnce customerio.Metric
}

func newIdempotentReceiver(t *testing.T, signingKey string) *idempotentReceiver {
	t.Helper()
	r := &idempotentReceiver{seen: map[string]bool{}}
	v := &webhook.Verifier{SigningKey: webhook.NewKey(signingKey)}
	mux := http.NewServeMux()
	mux.Handle("POST /cio/events", v.Middleware(http.HandlerFunc(r.serve)))
	r.srv = httptest.NewServer(mux)
	t.Cleanup(r.srv.Close)
	return r
}

func (r *idempotentReceiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	ev, err := webhook.ParseEvent(body)
	if err != nil {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.arrivals = append(r.arrivals, ev)
	if !r.seen[ev.EventID] {
		r.seen[ev.EventID] = true
		r.acted = append(r.acted, ev)
	}
	if ev.Metric == r.failOnce {
		r.failOnce = ""
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (r *idempotentReceiver) failNext(m customerio.Metric) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failOnce = m
}

func (r *idempotentReceiver) snapshot() (arrivals, acted []webhook.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.arrivals), slices.Clone(r.acted)
}

func metrics(evs []webhook.Event) []customerio.Metric {
	var out []customerio.Metric
	for _, ev := range evs {
		out = append(out, ev.Metric)
	}
	return out
}

// TestSendEmailReportedThroughSignedWebhooks follows one transactional email
// from app.SendEmail to the workspace's reporting webhook: the fake posts
// signed sent and delivered events that pass Verifier.Middleware, then a
// scripted open, which the handler first answers with 500 and then gets again
// under the same event id, acting on it once.
func TestSendEmailReportedThroughSignedWebhooks(t *testing.T) {
	const key = "e2e-webhook-signing-key"
	srv := newFake(t)
	r := newIdempotentReceiver(t, key)
	srv.SendWebhooks(r.srv.URL+"/cio/events", key, customeriotest.WebhookBackoff(0))
	ac := appClient(t, srv)

	resp, err := ac.SendEmail(t.Context(), app.SendEmailRequest{
		TransactionalMessageID: app.TemplateID(12), Identifiers: customerio.ByID("42"), To: "ada@example.com",
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitWebhooks(t.Context()); err != nil {
		t.Fatal(err)
	}
	arrivals, acted := r.snapshot()
	if got := metrics(arrivals); !slices.Equal(got, []customerio.Metric{customerio.MetricSent, customerio.MetricDelivered}) {
		t.Fatalf("the handler got %v, want sent then delivered", got)
	}
	for _, ev := range acted {
		d := ev.Data
		if ev.ObjectType != webhook.ObjectEmail || d.DeliveryID != resp.DeliveryID || d.TransactionalMessageID != 12 ||
			d.Identifiers.ID != "42" || d.CustomerID != "42" || d.Recipient != "ada@example.com" {
			t.Errorf("%s event: %+v", ev.Metric, ev)
		}
	}

	r.failNext(customerio.MetricOpened)
	opened, err := srv.ScriptWebhook(resp.DeliveryID, customerio.MetricOpened, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitWebhooks(t.Context()); err != nil {
		t.Fatal(err)
	}
	arrivals, acted = r.snapshot()
	if got := metrics(arrivals); !slices.Equal(got, []customerio.Metric{"sent", "delivered", "opened", "opened"}) {
		t.Fatalf("the handler got %v, want the open twice after its 500", got)
	}
	if arrivals[2].EventID != opened.EventID || arrivals[3].EventID != opened.EventID {
		t.Errorf("redelivery ids %s, %s; want both %s", arrivals[2].EventID, arrivals[3].EventID, opened.EventID)
	}
	if got := metrics(acted); !slices.Equal(got, []customerio.Metric{"sent", "delivered", "opened"}) {
		t.Errorf("the handler acted on %v, want each event once", got)
	}
	if d := arrivals[3].Data; d.DeliveryID != resp.DeliveryID || d.Identifiers.ID != "42" {
		t.Errorf("open data %+v", d)
	}

	var statuses []int
	for _, d := range srv.WebhookDeliveries() {
		statuses = append(statuses, d.Status)
	}
	if !slices.Equal(statuses, []int{204, 204, 500, 204}) {
		t.Errorf("delivery statuses %v", statuses)
	}
}
