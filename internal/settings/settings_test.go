package settings

import (
	"errors"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type option func(*Settings)

func TestResolveDefaults(t *testing.T) {
	s, err := Resolve[option]("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Hosts != USHosts || s.Timeout != DefaultTimeout {
		t.Errorf("defaults = %+v", s)
	}
	for api, want := range map[API]string{TrackAPI: USHosts.Track, AppAPI: USHosts.App, PipelinesAPI: USHosts.Pipelines} {
		if got := s.BaseURLFor(api); got != want {
			t.Errorf("BaseURLFor(%d) = %s, want %s", api, got, want)
		}
	}
}

// TestResolveRefusesNoRegion pins that options leaving no region's hosts (the
// zero Region) are an error rather than requests to a relative URL.
func TestResolveRefusesNoRegion(t *testing.T) {
	_, err := Resolve("", []option{func(s *Settings) { s.Hosts = Hosts{} }})
	if err == nil || !strings.Contains(err.Error(), "unknown region") {
		t.Errorf("err = %v, want unknown region", err)
	}
}

// TestResolveJoinsEveryProblem pins that option failures and foreign options are
// all reported, each foreign option once however often it was given.
func TestResolveJoinsEveryProblem(t *testing.T) {
	foreign := option(func(s *Settings) { s.OwnedBy("a", "a.WithX") })
	bad := option(func(s *Settings) { s.Fail(errors.New("bad value")) })
	_, err := Resolve("b", []option{foreign, bad, foreign, nil})
	if err == nil || strings.Count(err.Error(), "a.WithX is an option of package a; a b client does not take it") != 1 || !strings.Contains(err.Error(), "bad value") {
		t.Errorf("err = %v", err)
	}
	if _, err := Resolve("a", []option{foreign}); err != nil {
		t.Errorf("own option refused: %v", err)
	}
}
