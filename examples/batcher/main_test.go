package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// env is a getenv over a fixed set of variables.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestRunDeliversEveryEventToTheFake(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out, env(nil), ""); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	t.Log("\n" + out.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 6 || !strings.Contains(lines[0], "customeriotest fake") {
		t.Fatalf("output:\n%s\nwant a header, 4 progress lines and the counters", out.String())
	}
	for i, n := range []string{"25000", "50000", "75000", "100000"} {
		if !strings.HasPrefix(lines[1+i], "enqueued "+n+", delivered ") {
			t.Errorf("progress line %q", lines[1+i])
		}
	}
	counters := regexp.MustCompile(`enqueued=100000 delivered=100000 failed=0 dropped=0 requests=\d+ `)
	if !counters.MatchString(lines[5]) {
		t.Errorf("final counters %q; want all 100,000 delivered", lines[5])
	}
}

func TestRunRefusesBadSettings(t *testing.T) {
	for name, vars := range map[string]map[string]string{
		"event count":   {"BATCHER_EVENTS": "many"},
		"no events":     {"BATCHER_EVENTS": "0"},
		"region":        {"CUSTOMERIO_SITE_ID": "site", "CUSTOMERIO_API_KEY": "SECRET-KEY", "CUSTOMERIO_REGION": "mars"},
		"half the keys": {"CUSTOMERIO_SITE_ID": "site"},
	} {
		var out bytes.Buffer
		err := run(t.Context(), &out, env(vars), "")
		if err == nil {
			t.Errorf("%s: run succeeded:\n%s", name, out.String())
			continue
		}
		if strings.Contains(err.Error(), "SECRET-KEY") {
			t.Errorf("%s: the key shows in %v", name, err)
		}
	}
}

func TestRunWithSpoolDeliversAndLeavesNothingQueued(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(t.Context(), &out, env(map[string]string{"BATCHER_EVENTS": "2000"}), dir); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "enqueued=2000 delivered=2000 failed=0") {
		t.Errorf("output:\n%s\nwant all 2,000 delivered", out.String())
	}
	segments, err := filepath.Glob(filepath.Join(dir, "segment-*"))
	if err != nil || len(segments) != 0 {
		t.Errorf("spool after a clean run: %v, %v; want no segment", segments, err)
	}
}
