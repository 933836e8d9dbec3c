package customeriotest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"sync"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// webhookSink holds the reporting-webhook state of a Server: the messages
// events can be scripted about, the queue of events to post, the log of
// attempts, and the goroutine posting them. The zero value has no webhook;
// SendWebhooks configures one and starts the goroutine, Close stops it.
type webhookSink struct {
	mu  sync.Mutex
	now func() time.Time
	cfg *webhookConfig // nil until SendWebhooks
	// paused is set when the reporting webhook configured through the App API
	// is disabled or deleted: events are no longer queued until the next
	// configure.
	paused bool
	// own is the client the sink made for itself, closed with the server.
	own *http.Client

	queue []queuedWebhook
	busy  bool // an event is being posted or waits for a retry
	// idle is closed while nothing is queued or busy; idleClosed says so.
	idle       chan struct{}
	idleClosed bool
	wake       chan struct{} // tells the worker the queue grew

	messages map[string]webhookMessage // by delivery id
	log      []WebhookDelivery
	ids      ulidSource

	stopped   chan struct{} // closed by stop
	isStopped bool
	cancel    context.CancelFunc
	done      chan struct{} // closed when the worker ends; nil until it starts
}

// queuedWebhook is an event and its body, encoded once so that every attempt
// posts the same bytes.
type queuedWebhook struct {
	ev   WebhookEvent
	body []byte
}

// webhookMessage is what later events about a delivery carry.
type webhookMessage struct {
	objectType string
	data       map[string]any
}

// webhookEnvelope is the JSON shape of an event, fields in Customer.io's order.
type webhookEnvelope struct {
	EventID    string            `json:"event_id"`
	ObjectType string            `json:"object_type"`
	Metric     customerio.Metric `json:"metric"`
	Timestamp  int64             `json:"timestamp"`
	Data       map[string]any    `json:"data"`
}

// init makes the channels of a zero sink; callers hold mu.
func (k *webhookSink) init() {
	if k.idle != nil {
		return
	}
	k.idle = make(chan struct{})
	close(k.idle)
	k.idleClosed = true
	k.wake = make(chan struct{}, 1)
	k.stopped = make(chan struct{})
	k.messages = map[string]webhookMessage{}
}

func (k *webhookSink) configure(cfg *webhookConfig, now func() time.Time) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.init()
	if cfg.client == nil {
		if k.own == nil {
			k.own = &http.Client{Timeout: webhookTimeout, Transport: http.DefaultTransport.(*http.Transport).Clone()}
		}
		cfg.client = k.own
	}
	k.cfg, k.now, k.paused = cfg, now, false
	if k.done != nil || k.isStopped {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	k.cancel = cancel
	k.done = make(chan struct{})
	go k.run(ctx)
}

// stop ends the worker, waits for it, and closes the sink's own connections.
func (k *webhookSink) stop() {
	k.mu.Lock()
	k.init()
	if k.isStopped {
		k.mu.Unlock()
		return
	}
	k.isStopped = true
	close(k.stopped)
	done, cancel, own := k.done, k.cancel, k.own
	k.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	if own != nil {
		own.CloseIdleConnections()
	}
}

// remember stores what events about a delivery carry and, with a webhook
// configured, queues one event per metric. Callers may hold the state lock.
func (k *webhookSink) remember(deliveryID, objectType string, data map[string]any, metrics ...customerio.Metric) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.init()
	k.messages[deliveryID] = webhookMessage{objectType: objectType, data: copyMap(data)}
	if k.accepting() != nil {
		return
	}
	for _, m := range metrics {
		// The data is the fake's own: it always encodes.
		_, _ = k.enqueue(WebhookEvent{ObjectType: objectType, Metric: m, Data: copyMap(data)})
	}
}

func (k *webhookSink) script(deliveryID string, metric customerio.Metric, extra map[string]any) (WebhookEvent, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.init()
	if err := k.accepting(); err != nil {
		return WebhookEvent{}, err
	}
	msg, ok := k.messages[deliveryID]
	if !ok {
		return WebhookEvent{}, fmt.Errorf("customeriotest: no message with delivery id %q", deliveryID)
	}
	data := copyMap(msg.data)
	maps.Copy(data, copyMap(extra))
	return k.enqueue(WebhookEvent{ObjectType: msg.objectType, Metric: metric, Data: data})
}

func (k *webhookSink) emit(ev WebhookEvent) (WebhookEvent, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.init()
	if err := k.accepting(); err != nil {
		return WebhookEvent{}, err
	}
	return k.enqueue(ev.clone())
}

// accepting says why the sink takes no scripted event, or nil; callers hold
// mu.
func (k *webhookSink) accepting() error {
	switch {
	case k.isStopped:
		return errWebhookClosed
	case k.cfg == nil, k.paused:
		return errNoWebhook
	}
	return nil
}

// pause stops queueing events until the next configure; those queued already
// are still posted.
func (k *webhookSink) pause() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.paused = true
}

// enqueue completes ev, encodes it and queues it; callers hold mu.
func (k *webhookSink) enqueue(ev WebhookEvent) (WebhookEvent, error) {
	now := k.now()
	if ev.EventID == "" {
		ev.EventID = k.ids.next(now)
	}
	if ev.Timestamp == 0 {
		ev.Timestamp = now.Unix()
	}
	if ev.Data == nil {
		ev.Data = map[string]any{}
	}
	body, err := json.Marshal(webhookEnvelope(ev))
	if err != nil {
		return WebhookEvent{}, fmt.Errorf("customeriotest: encoding webhook event: %w", err)
	}
	k.queue = append(k.queue, queuedWebhook{ev: ev.clone(), body: body})
	if k.idleClosed {
		k.idle = make(chan struct{})
		k.idleClosed = false
	}
	select {
	case k.wake <- struct{}{}:
	default:
	}
	return ev, nil
}

func (k *webhookSink) deliveries() []WebhookDelivery {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make([]WebhookDelivery, len(k.log))
	for i, d := range k.log {
		out[i] = d.clone()
	}
	return out
}

func (k *webhookSink) idleSignal() (idle, stopped <-chan struct{}) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.init()
	return k.idle, k.stopped
}

func (k *webhookSink) isIdle() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.idleClosed
}

// run posts the queued events one after the other until ctx ends.
func (k *webhookSink) run(ctx context.Context) {
	defer close(k.done)
	for {
		item, ok := k.take(ctx)
		if !ok {
			return
		}
		if !k.deliver(ctx, item) {
			return
		}
		k.finish()
	}
}

// take waits for the next event and marks the sink busy with it.
func (k *webhookSink) take(ctx context.Context) (queuedWebhook, bool) {
	for {
		k.mu.Lock()
		if len(k.queue) > 0 {
			item := k.queue[0]
			k.queue[0] = queuedWebhook{}
			k.queue = k.queue[1:]
			k.busy = true
			k.mu.Unlock()
			return item, true
		}
		k.mu.Unlock()
		select {
		case <-k.wake:
		case <-ctx.Done():
			return queuedWebhook{}, false
		}
	}
}

// finish marks the current event done and signals idleness.
func (k *webhookSink) finish() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.busy = false
	if len(k.queue) == 0 && !k.idleClosed {
		close(k.idle)
		k.idleClosed = true
	}
}

// deliver posts one event until it is accepted or out of attempts, waiting
// between attempts. It returns false when ctx ended first.
func (k *webhookSink) deliver(ctx context.Context, item queuedWebhook) bool {
	for attempt := 1; ; attempt++ {
		k.mu.Lock()
		cfg, now := k.cfg, k.now
		k.mu.Unlock()
		d := post(ctx, cfg, now(), item)
		stopped := ctx.Err() != nil
		// An attempt cut short by Close is not one the handler answered; an
		// answered one is logged even when Close came right after.
		if !stopped || d.Status != 0 {
			d.Attempt = attempt
			k.mu.Lock()
			k.log = append(k.log, d)
			k.mu.Unlock()
		}
		if stopped {
			return false
		}
		if d.Succeeded() || attempt >= cfg.attempts {
			return true
		}
		if wait := backoff(cfg.backoff, attempt); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return false
			}
		}
	}
}

// backoff is the wait after the given failed attempt: base, doubling, capped
// at a minute.
func backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < time.Minute; i++ {
		d *= 2
	}
	return min(d, max(base, time.Minute))
}

// post makes one attempt, signed at now.
func post(ctx context.Context, cfg *webhookConfig, now time.Time, item queuedWebhook) WebhookDelivery {
	timestamp, signature := signWebhook(cfg.signingKey, now, item.body)
	d := WebhookDelivery{Event: item.ev.clone(), Body: item.body, Timestamp: timestamp, Signature: signature, At: now}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.url, bytesReader(item.body))
	if err != nil {
		d.Err = err.Error()
		return d
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Customer.io Webhook (customeriotest)")
	req.Header.Set(headerCIOTimestamp, timestamp)
	req.Header.Set(headerCIOSignature, signature)
	resp, err := cfg.client.Do(req)
	if err != nil {
		d.Err = err.Error()
		return d
	}
	drain(resp)
	d.Status = resp.StatusCode
	return d
}
