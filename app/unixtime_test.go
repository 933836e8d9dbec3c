package app

import (
	"encoding/json"
	"testing"
	"time"
)

func TestUnixTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{`1700000000`, unix(1700000000), true},
		{`1700000000.25`, time.Unix(1700000000, 250_000_000).UTC(), true},
		{`"1700000000"`, unix(1700000000), true},
		{`"2023-11-14T22:13:20Z"`, unix(1700000000), true},
		{`null`, time.Time{}, true},
		{`0`, time.Time{}, true},
		{`""`, time.Time{}, true},
		{`"soon"`, time.Time{}, false},
		{`true`, time.Time{}, false},
	}
	for _, tt := range tests {
		var u unixTime
		err := json.Unmarshal([]byte(tt.in), &u)
		if (err == nil) != tt.ok {
			t.Errorf("%s: error %v", tt.in, err)
			continue
		}
		if got := time.Time(u); !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("%s: %v, want %v in UTC", tt.in, got, tt.want)
		}
	}
}

// TestResultsRoundTrip: a result re-encoded with encoding/json decodes to itself.
func TestResultsRoundTrip(t *testing.T) {
	t.Parallel()
	in := Segment{ID: 7, Name: "x", CreatedAt: unix(1690000000)}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Segment
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !out.CreatedAt.Equal(in.CreatedAt) || !out.UpdatedAt.IsZero() || out.Name != "x" {
		t.Errorf("round trip: %+v", out)
	}
}

func TestMessageID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id   MessageID
		json string
		str  string
		zero bool
	}{
		{TemplateID(3), `3`, "3", false},
		{TriggerName("welcome"), `"welcome"`, "welcome", false},
		{TriggerName("42"), `"42"`, "42", false},
		{MessageID{}, `0`, "", true},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.id)
		if err != nil || string(b) != tt.json || tt.id.String() != tt.str || tt.id.IsZero() != tt.zero {
			t.Errorf("%#v: json %s (%v), string %q, zero %v", tt.id, b, err, tt.id.String(), tt.id.IsZero())
		}
	}
}
