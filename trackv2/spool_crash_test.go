package trackv2

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// Environment of the crash test's child process.
const (
	crashChildEnv  = "CUSTOMERIO_SPOOL_CRASH_CHILD"
	crashDirEnv    = "CUSTOMERIO_SPOOL_CRASH_DIR"
	crashServerEnv = "CUSTOMERIO_SPOOL_CRASH_SERVER"
	crashEvents    = 50_000
)

// eventLog is a Track v2 server that records every event it is sent, by
// event id, with the number the event carries.
type eventLog struct {
	mu   sync.Mutex
	byID map[string]int
	// idsOf lists the ids each number arrived with.
	idsOf map[int][]string
	bad   []string
}

func (l *eventLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var envelope struct {
		Batch []struct {
			ID         string
			Attributes struct{ N *int }
		}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		// The killed child's request, cut off mid-body: nothing to record.
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	err = json.Unmarshal(body, &envelope)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil || r.URL.Path != batchPath {
		l.bad = append(l.bad, fmt.Sprintf("%s: %v", r.URL.Path, err))
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	for _, op := range envelope.Batch {
		if op.ID == "" || op.Attributes.N == nil {
			l.bad = append(l.bad, "an event without id or number")
			continue
		}
		n := *op.Attributes.N
		if prev, seen := l.byID[op.ID]; seen {
			if prev != n {
				l.bad = append(l.bad, fmt.Sprintf("id %s carried %d and %d", op.ID, prev, n))
			}
			continue
		}
		l.byID[op.ID] = n
		l.idsOf[n] = append(l.idsOf[n], op.ID)
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, "{}")
}

// TestSpoolCrashLosesNoAcknowledgedEvent runs a child process that enqueues
// 50,000 events through a Batcher with a spool, kills it with SIGKILL after a
// seeded random number of Enqueue calls returned nil, optionally damages the
// tail of its last segment, then opens a Batcher on the same directory: the
// server must end up with every acknowledged event, each under one id.
func TestSpoolCrashLosesNoAcknowledgedEvent(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs SIGKILL and flock")
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	cases := []struct {
		seed        uint64
		corruptTail bool
	}{{1, false}, {2, false}, {3, false}, {4, true}, {5, true}}
	for _, c := range cases {
		t.Run(fmt.Sprintf("seed=%d/corruptTail=%v", c.seed, c.corruptTail), func(t *testing.T) {
			crashAndRecover(t, c.seed, c.corruptTail)
		})
	}
}

func crashAndRecover(t *testing.T, seed uint64, corruptTail bool) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	killAfter := 2_000 + r.IntN(38_000)
	log := &eventLog{byID: map[string]int{}, idsOf: map[int][]string{}}
	srv := httptest.NewServer(log)
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "spool")

	cmd := exec.Command(os.Args[0], "-test.run=^TestSpoolCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"=1", crashDirEnv+"="+dir, crashServerEnv+"="+srv.URL)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[int]bool{}
	lines := bufio.NewScanner(out)
	killed := false
	for lines.Scan() {
		n, err := strconv.Atoi(lines.Text())
		if err != nil {
			continue // the test framework's own output
		}
		acked[n] = true
		if !killed && len(acked) >= killAfter {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !killed || !errors.As(err, &exit) {
		t.Fatalf("child was not killed as planned (killed=%v, acknowledged %d): %v", killed, len(acked), err)
	}
	if corruptTail {
		damageLastSegment(t, dir, r)
	}

	var failed []customerio.Failure
	var mu sync.Mutex
	client, err := New("site", "key", customerio.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBatcher(client, customerio.QueueConfig{
		SpoolDir: dir,
		OnFailure: func(f []customerio.Failure) {
			mu.Lock()
			failed = append(failed, f...)
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatalf("reopening the spool after the crash: %v", err)
	}
	replayed := b.Stats().Enqueued
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := b.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}

	log.mu.Lock()
	defer log.mu.Unlock()
	if len(log.bad) > 0 {
		t.Fatalf("server saw bad requests: %v", log.bad[:min(5, len(log.bad))])
	}
	var lost []int
	for n := range acked {
		if len(log.idsOf[n]) == 0 {
			lost = append(lost, n)
		}
	}
	slices.Sort(lost)
	var reIDed []int
	for n, ids := range log.idsOf {
		if len(ids) > 1 {
			reIDed = append(reIDed, n)
		}
	}
	t.Logf("killed after %d acknowledged events; server holds %d distinct ids; %d replayed, %d reported failed",
		len(acked), len(log.byID), replayed, len(failed))
	if len(lost) > 0 {
		t.Errorf("%d acknowledged events lost, first %v", len(lost), lost[:min(10, len(lost))])
	}
	if len(reIDed) > 0 {
		t.Errorf("%d events arrived under more than one id (replay must keep the original id)", len(reIDed))
	}
}

// damageLastSegment appends a torn record or random bytes to the newest
// segment file, as a crash in the middle of a write would leave.
func damageLastSegment(t *testing.T, dir string, r *rand.Rand) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "segment-*.log"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no segment in %s: %v", dir, err)
	}
	slices.Sort(names)
	f, err := os.OpenFile(names[len(names)-1], os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	garbage := make([]byte, 1+r.IntN(600))
	for i := range garbage {
		garbage[i] = byte(r.Uint32())
	}
	if r.IntN(2) == 0 {
		// A header that promises more than follows: a torn record.
		garbage = append([]byte{0x00, 0x10, 0x00, 0x00, 1, 2, 3, 4, 1}, garbage...)
	}
	if _, err := f.Write(garbage); err != nil {
		t.Fatal(err)
	}
}

// TestSpoolCrashChild is the child process of
// TestSpoolCrashLosesNoAcknowledgedEvent: it enqueues numbered events from
// several goroutines and prints each number once Enqueue has returned nil for
// it, until it is killed.
func TestSpoolCrashChild(t *testing.T) {
	if os.Getenv(crashChildEnv) != "1" {
		t.Skip("the child process of TestSpoolCrashLosesNoAcknowledgedEvent")
	}
	client, err := New("site", "key", customerio.WithBaseURL(os.Getenv(crashServerEnv)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBatcher(client, customerio.QueueConfig{SpoolDir: os.Getenv(crashDirEnv)})
	if err != nil {
		t.Fatal(err)
	}
	var out sync.Mutex
	var wg sync.WaitGroup
	const workers = 64
	for w := range workers {
		wg.Go(func() {
			line := make([]byte, 0, 16)
			for n := w; n < crashEvents; n += workers {
				if err := b.Enqueue(context.Background(), numberedOp(n)); err != nil {
					t.Errorf("Enqueue(%d): %v", n, err)
					return
				}
				line = append(strconv.AppendInt(line[:0], int64(n), 10), '\n')
				out.Lock()
				_, _ = os.Stdout.Write(line)
				out.Unlock()
			}
		})
	}
	wg.Wait()
	_ = b.Close(context.Background())
}
