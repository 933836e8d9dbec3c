package customerio

import "testing"

func TestRegionHosts(t *testing.T) {
	tests := []struct {
		region               Region
		track, app, pipeline string
	}{
		{RegionUS, "https://track.customer.io", "https://api.customer.io", "https://cdp.customer.io"},
		{RegionEU, "https://track-eu.customer.io", "https://api-eu.customer.io", "https://cdp-eu.customer.io"},
	}
	for _, tt := range tests {
		t.Run(tt.region.String(), func(t *testing.T) {
			if got := tt.region.TrackURL(); got != tt.track {
				t.Errorf("TrackURL = %s, want %s", got, tt.track)
			}
			if got := tt.region.AppURL(); got != tt.app {
				t.Errorf("AppURL = %s, want %s", got, tt.app)
			}
			if got := tt.region.PipelinesURL(); got != tt.pipeline {
				t.Errorf("PipelinesURL = %s, want %s", got, tt.pipeline)
			}
			if !tt.region.Valid() {
				t.Error("Valid = false")
			}
		})
	}
	if (Region{}).Valid() {
		t.Error("the zero Region is valid")
	}
	if got := (Region{}).String(); got != "invalid" {
		t.Errorf("zero Region String = %q", got)
	}
}

func TestParseRegion(t *testing.T) {
	tests := []struct {
		in      string
		want    Region
		wantErr bool
	}{
		{"us", RegionUS, false},
		{"EU", RegionEU, false},
		{" eu ", RegionEU, false},
		{"", Region{}, true},
		{"apac", Region{}, true},
	}
	for _, tt := range tests {
		got, err := ParseRegion(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseRegion(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
