package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/customeriotest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var update = flag.Bool("update", false, "rewrite testdata/output.golden")

// env returns a getenv reading vars.
func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

// TestRunAgainstFake runs the tour as `go run ./examples/quickstart` does with
// no environment and compares every printed line with the golden file.
func TestRunAgainstFake(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out, env(nil)); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	golden := filepath.Join("testdata", "output.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != string(want) {
		t.Errorf("output differs from %s\n got:\n%s\nwant:\n%s", golden, got, want)
	}
	for _, key := range []string{customeriotest.DefaultAPIKey, customeriotest.DefaultAppKey, demoSigningKey} {
		if strings.Contains(out.String(), key) {
			t.Errorf("output shows the key %q", key)
		}
	}
}

// TestRunWithSomeCredentials stays on the fake and names what is missing.
func TestRunWithSomeCredentials(t *testing.T) {
	var out bytes.Buffer
	getenv := env(map[string]string{"CUSTOMERIO_SITE_ID": "site-1", "CUSTOMERIO_API_KEY": "SENTINEL-track-key"})
	if err := run(t.Context(), &out, getenv); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	first, _, _ := strings.Cut(out.String(), "\n")
	want := "1. Using an in-memory fake Customer.io (CUSTOMERIO_APP_KEY not set: a real workspace needs all of CUSTOMERIO_SITE_ID, CUSTOMERIO_API_KEY, CUSTOMERIO_APP_KEY)"
	if first != want {
		t.Errorf("first line\n got %q\nwant %q", first, want)
	}
	if strings.Contains(out.String(), "SENTINEL") {
		t.Error("output shows a key")
	}
}

func TestWorkspaceFromEnv(t *testing.T) {
	all := map[string]string{
		"CUSTOMERIO_SITE_ID": "site-1",
		"CUSTOMERIO_API_KEY": "SENTINEL-track-key",
		"CUSTOMERIO_APP_KEY": "SENTINEL-app-key",
	}
	with := func(name, value string) map[string]string {
		m := map[string]string{name: value}
		for k, v := range all {
			if k != name {
				m[k] = v
			}
		}
		return m
	}
	tests := []struct {
		name     string
		vars     map[string]string
		real     bool
		region   customerio.Region
		wantNote string
	}{
		{name: "nothing set", vars: nil, region: customerio.RegionUS, wantNote: "to use a real workspace"},
		{name: "all three set", vars: all, real: true, region: customerio.RegionUS},
		{name: "EU region", vars: with("CUSTOMERIO_REGION", "EU"), real: true, region: customerio.RegionEU},
		{name: "app key missing", vars: with("CUSTOMERIO_APP_KEY", ""), region: customerio.RegionUS, wantNote: "CUSTOMERIO_APP_KEY not set"},
		{name: "site id missing", vars: with("CUSTOMERIO_SITE_ID", ""), region: customerio.RegionUS, wantNote: "CUSTOMERIO_SITE_ID not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, err := workspaceFromEnv(env(tt.vars))
			if err != nil {
				t.Fatal(err)
			}
			if ws.real != tt.real || ws.region != tt.region {
				t.Errorf("real %v region %v, want %v %v", ws.real, ws.region, tt.real, tt.region)
			}
			if !strings.Contains(ws.note, tt.wantNote) || (tt.real && ws.note != "") {
				t.Errorf("note %q, want it to hold %q", ws.note, tt.wantNote)
			}
			if strings.Contains(ws.note, "SENTINEL") {
				t.Errorf("note shows a key: %q", ws.note)
			}
		})
	}
}

func TestWorkspaceFromEnvRejectsUnknownRegion(t *testing.T) {
	_, err := workspaceFromEnv(env(map[string]string{"CUSTOMERIO_REGION": "mars"}))
	if err == nil || !strings.Contains(err.Error(), "mars") {
		t.Errorf("err = %v, want an unknown-region error", err)
	}
}
