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
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var update = flag.Bool("update", false, "rewrite testdata/output.golden")

// TestRunAgainstFake lists the seeded fake, as the command does with no
// environment, and compares the output with the golden file.
func TestRunAgainstFake(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out, func(string) string { return "" }); err != nil {
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
	if strings.Contains(out.String(), customeriotest.DefaultAppKey) {
		t.Error("output shows the App API key")
	}
}

// TestPrintSegmentStopsAfterOnePage checks that a large segment costs one
// membership request and ends with the number left out.
func TestPrintSegmentStopsAfterOnePage(t *testing.T) {
	srv := customeriotest.NewServer()
	defer srv.Close()
	seg := srv.CreateSegment("Everyone", false)
	for _, id := range []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"} {
		if _, err := srv.AddPerson(id, nil); err != nil {
			t.Fatal(err)
		}
		if err := srv.AddToSegment(seg, id); err != nil {
			t.Fatal(err)
		}
	}
	c, err := app.New(srv.AppKey(), srv.Option())
	if err != nil {
		t.Fatal(err)
	}
	segments, err := c.Segments.List(t.Context())
	if err != nil || len(segments) != 1 {
		t.Fatalf("List = %v, %v", segments, err)
	}
	var out bytes.Buffer
	if err := printSegment(t.Context(), &out, c, segments[0]); err != nil {
		t.Fatal(err)
	}
	want := "\nsegment 1 \"Everyone\" (dynamic, finished): 8 people\n" +
		"  - p1\n  - p2\n  - p3\n  - p4\n  - p5\n  … and 3 more\n"
	if out.String() != want {
		t.Errorf("got\n%q\nwant\n%q", out.String(), want)
	}
	membership := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/membership") {
			membership++
		}
	}
	if membership != 1 {
		t.Errorf("%d membership requests, want 1", membership)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		in   customerio.Identifiers
		want string
	}{
		{customerio.Identifiers{ID: "42", Email: "a@example.com", CIOID: "03"}, "42 <a@example.com>"},
		{customerio.Identifiers{ID: "42", CIOID: "03"}, "42"},
		{customerio.Identifiers{Email: "a@example.com", CIOID: "03"}, "<a@example.com>"},
		{customerio.Identifiers{CIOID: "03"}, "cio_03"},
	}
	for _, tt := range tests {
		if got := describe(tt.in); got != tt.want {
			t.Errorf("describe(%+v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRunRejectsUnknownRegion(t *testing.T) {
	var out bytes.Buffer
	getenv := func(name string) string {
		if name == "CUSTOMERIO_REGION" {
			return "mars"
		}
		return ""
	}
	if err := run(t.Context(), &out, getenv); err == nil || !strings.Contains(err.Error(), "mars") {
		t.Errorf("run = %v, want an unknown-region error", err)
	}
	if out.Len() != 0 {
		t.Errorf("printed %q before failing", out.String())
	}
}
