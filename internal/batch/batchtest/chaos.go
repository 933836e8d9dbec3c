package batchtest

import (
	"context"
	"math/rand/v2"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// chaosOutcome is one way the chaos server answers, with its weight in a
// thousand requests.
type chaosOutcome struct {
	name   string
	weight int
}

// chaosOutcomes are drawn for each request. 207 needs a Wire.Partial; without
// one its weight goes to 200.
var chaosOutcomes = []chaosOutcome{
	{"200", 480},
	{"207", 150},
	{"400", 60},
	{"408", 20},
	{"429", 5},
	{"500", 25},
	{"503", 100},
	{"drop", 50},
	{"apply+drop", 25},
	{"reset-mid-body", 25},
	{"latency", 60},
}

// chaos is the server's script in RunChaos.
type chaos struct {
	srv *server

	mu    sync.Mutex
	rng   *rand.Rand
	drawn map[string]int
}

// RunChaos enqueues n messages, numbered 0 to n-1, from four goroutines into a
// subject whose server answers each batch request at random, from a generator
// seeded with seed: 200; 207 refusing about a tenth of the items (when the
// wire has partial answers); 400; 408; 429 with Retry-After: 1; 500; 503; the
// connection dropped before the batch is applied, or dropped after; a 200
// whose body breaks off halfway (applied); or a 200 after up to 20 ms, as a
// distant server answers. The subject runs with the adaptive window (up to 8
// requests at once), which these failures keep shrinking and the successes
// keep growing. Then it closes the subject and checks that:
//
//   - the counters add up: Enqueued == n == Delivered + Failed, none dropped;
//   - no message is lost: each was applied by the server or reported failed;
//   - no message is reported failed twice, and the reports match Failed;
//   - the messages the server applied and the client did not report are
//     exactly Delivered of them;
//   - a message is applied twice, or applied and reported failed, only if a
//     batch carrying it was applied and its connection dropped: the client
//     saw a failure and had to send it again. Those messages are counted,
//     and must stay under a fifth of n: two of the faults drawn (a dropped
//     connection after the batch was applied, and a reset in the middle of
//     the answer) leave a whole batch of up to 100 messages ambiguous.
func RunChaos(t *testing.T, w Wire, newSubject NewSubject, seed uint64, n int) {
	checkLeaks(t)
	c := &chaos{rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), drawn: map[string]int{}}
	srv := newServer(t, w, c.play)
	c.srv = srv
	env := srv.env()
	env.MaxBatchItems = 100
	env.FlushInterval = 2 * time.Millisecond
	env.MaxRetryElapsed = 3 * time.Second
	env.Uploaders, env.MaxInFlight = 0, 8
	subject := newSubject(t, env)

	enqueueRange(t, subject, 0, n, 4)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	if err := subject.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}

	b := srv.books()
	counts := subject.Counts()
	if counts.Enqueued != int64(n) || counts.Delivered+counts.Failed != counts.Enqueued || counts.Dropped != 0 {
		t.Errorf("counts %+v; want %d enqueued, all delivered or failed, none dropped", counts, n)
	}
	var reports, delivered, duplicated, appliedAndFailed int
	for m := range n {
		applied, failed := b.applied[m], len(b.failed[m])
		reports += failed
		switch {
		case applied == 0 && failed == 0:
			t.Errorf("message %d was lost: neither applied nor reported", m)
		case failed > 1:
			t.Errorf("message %d was reported failed %d times: %v", m, failed, b.failed[m])
		case failed == 1 && b.failed[m][0] == nil:
			t.Errorf("message %d was reported failed without an error", m)
		}
		if failed == 0 && applied > 0 {
			delivered++
		}
		if applied > 1 {
			duplicated++
		}
		if applied > 0 && failed > 0 {
			appliedAndFailed++
		}
		if (applied > 1 || applied > 0 && failed > 0) && !b.ambiguous[m] {
			t.Errorf("message %d was applied %d times and reported failed %d times, though no batch carrying it was dropped after being applied", m, applied, failed)
		}
	}
	for m := range b.applied {
		if m < 0 || m >= n {
			t.Errorf("message %d was never enqueued but reached the server", m)
		}
	}
	if int64(reports) != counts.Failed {
		t.Errorf("%d failure reports; Failed is %d", reports, counts.Failed)
	}
	if int64(delivered) != counts.Delivered {
		t.Errorf("the server applied %d messages the client did not report; Delivered is %d", delivered, counts.Delivered)
	}
	if len(b.ambiguous) > n/5 {
		t.Errorf("%d messages were in batches applied and then dropped; want at most %d", len(b.ambiguous), n/5)
	}
	t.Logf("seed %d: %d requests (%s); %d delivered, %d failed; %d messages in batches applied then dropped, of which %d applied twice and %d applied but reported failed",
		seed, b.requests, c.summary(), counts.Delivered, counts.Failed, len(b.ambiguous), duplicated, appliedAndFailed)
}

// play draws an outcome for one request.
func (c *chaos) play(r *http.Request, numbers []int) reply {
	c.mu.Lock()
	name := c.draw()
	var refused []int
	if name == "207" {
		for i := range numbers {
			if c.rng.IntN(10) == 0 {
				refused = append(refused, i)
			}
		}
		if refused == nil {
			refused = []int{c.rng.IntN(len(numbers))}
		}
	}
	c.drawn[name]++
	c.mu.Unlock()

	switch name {
	case "200":
		return acceptAll(numbers)
	case "207":
		return c.srv.partial(len(numbers), refused)
	case "400":
		return refuseAll(http.StatusBadRequest)
	case "408":
		return refuseAll(http.StatusRequestTimeout)
	case "429":
		rep := refuseAll(http.StatusTooManyRequests)
		rep.retryAfter = "1"
		return rep
	case "500":
		return refuseAll(http.StatusInternalServerError)
	case "503":
		return refuseAll(http.StatusServiceUnavailable)
	case "drop":
		return reply{drop: true}
	case "reset-mid-body":
		return reply{midBody: true, applied: positions(len(numbers))}
	case "latency":
		rep := acceptAll(numbers)
		rep.delay = time.Duration(1+len(numbers)%20) * time.Millisecond
		return rep
	default: // apply+drop
		return reply{drop: true, applied: positions(len(numbers))}
	}
}

// draw picks an outcome by weight. Called with mu held.
func (c *chaos) draw() string {
	x := c.rng.IntN(1000)
	for _, o := range chaosOutcomes {
		if x < o.weight {
			if o.name == "207" && c.srv.wire.Partial == nil {
				return "200"
			}
			return o.name
		}
		x -= o.weight
	}
	return "200"
}

// summary lists how often each outcome was drawn.
func (c *chaos) summary() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	parts := make([]string, 0, len(c.drawn))
	for name, k := range c.drawn {
		parts = append(parts, name+"×"+strconv.Itoa(k))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
