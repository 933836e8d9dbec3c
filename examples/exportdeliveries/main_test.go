package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gocustomerio/customerio/customeriotest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestRunExportsTheNewslettersDeliveries runs the command against its seeded
// fake and checks the file holds the Spring news newsletter's two deliveries,
// not the other newsletter's, with the requested attribute.
func TestRunExportsTheNewslettersDeliveries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	var out bytes.Buffer
	if err := run(t.Context(), &out, config{outPath: path, pollInterval: time.Millisecond}); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want a header and 2 deliveries:\n%s", len(rows), b)
	}
	header := rows[0]
	col := func(name string) int {
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("no %s column in %v", name, header)
		}
		return i
	}
	var names []string
	for _, r := range rows[1:] {
		if r[col("subject")] != "Spring news" {
			t.Errorf("row %v is not of the Spring news newsletter", r)
		}
		names = append(names, r[col("first_name")])
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"Ada", "Grace"}) {
		t.Errorf("recipients %v, want Ada and Grace", names)
	}
	if !strings.Contains(out.String(), "Wrote 2 deliveries of newsletter ") {
		t.Errorf("output:\n%s", out.String())
	}
	if strings.Contains(out.String(), customeriotest.DefaultAppKey) {
		t.Error("output shows the App API key")
	}
}

// TestRunWithAKeyNeedsANewsletter: a real workspace has no seeded newsletter
// to fall back on, so the command refuses before any request.
func TestRunWithAKeyNeedsANewsletter(t *testing.T) {
	var out bytes.Buffer
	err := run(t.Context(), &out, config{appKey: "sk-example", outPath: filepath.Join(t.TempDir(), "x.csv")})
	if err == nil || !strings.Contains(err.Error(), "-newsletter") {
		t.Errorf("error %v, want one asking for -newsletter", err)
	}
}
