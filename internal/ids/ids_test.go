package ids

import (
	"regexp"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var (
	ulidPattern = regexp.MustCompile(`^[0-7][0-9A-HJKMNP-TV-Z]{25}$`)
	uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

func TestULIDKnownValues(t *testing.T) {
	tests := []struct {
		ms     int64
		r1, r2 uint64
		want   string
	}{
		{0, 0, 0, "00000000000000000000000000"},
		{1, 0, 0, "00000000010000000000000000"},
		{0, 0, 1, "00000000000000000000000001"},
		{1<<48 - 1, 0xFFFF, ^uint64(0), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ"},
		// The ULID specification's example: 1469918176385 ms is 01ARYZ6S41.
		{1469918176385, 0, 0, "01ARYZ6S410000000000000000"},
	}
	for _, tt := range tests {
		got := string(appendULIDAt(nil, time.UnixMilli(tt.ms), tt.r1, tt.r2))
		if got != tt.want {
			t.Errorf("appendULIDAt(%d, %x, %x) = %s, want %s", tt.ms, tt.r1, tt.r2, got, tt.want)
		}
	}
}

func TestULIDUniqueAndOrdered(t *testing.T) {
	seen := make(map[string]bool)
	for range 10000 {
		id := ULID()
		if !ulidPattern.MatchString(id) {
			t.Fatalf("ULID %q is not 26 Crockford digits", id)
		}
		if seen[id] {
			t.Fatalf("ULID %q repeated", id)
		}
		seen[id] = true
	}
	earlier := string(appendULIDAt(nil, time.UnixMilli(1000), ^uint64(0), ^uint64(0)))
	later := string(appendULIDAt(nil, time.UnixMilli(1001), 0, 0))
	if earlier >= later {
		t.Errorf("ULIDs do not sort by time: %s >= %s", earlier, later)
	}
}

func TestAppendULIDKeepsWhatCameBefore(t *testing.T) {
	b := AppendULID([]byte(`"id":"`))
	if got := string(b[:6]); got != `"id":"` {
		t.Fatalf("prefix = %q, want it kept", got)
	}
	if id := string(b[6:]); !ulidPattern.MatchString(id) {
		t.Fatalf("appended %q, want a ULID", id)
	}
}

func TestAppendUUIDKeepsWhatCameBefore(t *testing.T) {
	b := AppendUUID([]byte("id="))
	if string(b[:3]) != "id=" || !uuidPattern.MatchString(string(b[3:])) {
		t.Fatalf("AppendUUID wrote %q, want the prefix then a UUID", b)
	}
}

func TestUUID(t *testing.T) {
	a, b := UUID(), UUID()
	for _, id := range []string{a, b} {
		if !uuidPattern.MatchString(id) {
			t.Errorf("UUID %q is not a lowercase version 4 UUID", id)
		}
	}
	if a == b {
		t.Errorf("two UUIDs are equal: %s", a)
	}
}
