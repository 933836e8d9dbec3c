package trackv2

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func TestNewRefusesEmptyCredentials(t *testing.T) {
	for _, tc := range []struct{ site, key string }{{"", "k"}, {"s", ""}, {"", ""}} {
		c, err := New(tc.site, tc.key)
		if err == nil || c != nil {
			t.Errorf("New(%q, %q) = %v, %v; want an error", tc.site, tc.key, c, err)
		}
	}
	if _, err := New("s", "k", customerio.WithBaseURL("ftp://example.com")); err == nil {
		t.Error("an invalid option was accepted")
	}
}

func TestNewPicksTheTrackHost(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []customerio.Option
		want string
	}{
		{"default", nil, "https://track.customer.io"},
		{"US", []customerio.Option{customerio.WithRegion(customerio.RegionUS)}, "https://track.customer.io"},
		{"EU", []customerio.Option{customerio.WithRegion(customerio.RegionEU)}, "https://track-eu.customer.io"},
		{"base URL wins", []customerio.Option{customerio.WithBaseURL("http://localhost:9/prefix"), customerio.WithRegion(customerio.RegionEU)}, "http://localhost:9/prefix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New("s", "k", tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.t.BaseURL(); got != tc.want {
				t.Errorf("base URL %q, want %q", got, tc.want)
			}
		})
	}
}

// TestKeyNeverShows runs every failure path with a sentinel key and checks that
// neither the key nor the Authorization value made from it appears in an error,
// a formatted client or a log record.
func TestKeyNeverShows(t *testing.T) {
	secrets := []string{testKey, base64.StdEncoding.EncodeToString([]byte(testSite + ":" + testKey))}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	var texts []string
	check := func(what string, v any) {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d"} {
			texts = append(texts, what+" "+verb+": "+fmt.Sprintf(verb, v))
		}
	}

	c, _ := newTestClient(t, func(n int, r request) (int, string) {
		switch {
		case strings.Contains(string(r.Body), `"unauthorized"`):
			return http.StatusUnauthorized, ""
		case strings.HasPrefix(r.Path, batchPath) && strings.Contains(string(r.Body), `"partial"`):
			return http.StatusMultiStatus, `{"errors":[{"batch_index":0,"reason":"r","message":"m"}]}`
		}
		return http.StatusBadRequest, `{"errors":[{"reason":"invalid","message":"bad"}]}`
	}, customerio.WithLogger(logger))
	check("client", c)
	check("client value", *c)

	_, err := New(testSite, testKey, customerio.WithBaseURL("ftp://example.com"))
	check("option error", err)
	_, err = New("", testKey)
	check("credentials error", err)
	check("validation error", c.Send(t.Context(), TrackPersonEvent(customerio.ByID("1"), "", nil)))
	err = c.IdentifyPerson(t.Context(), customerio.ByID("1"), map[string]any{"a": "unauthorized"})
	if !errors.Is(err, customerio.ErrUnauthorized) {
		t.Errorf("error %v, want a 401", err)
	}
	check("401", err)
	check("400", c.DeletePerson(t.Context(), customerio.ByID("1")))
	_, err = c.Batch(t.Context(), []Op{IdentifyPerson(customerio.ByID("1"), map[string]any{"a": "partial"})})
	var partial *PartialError
	if !errors.As(err, &partial) {
		t.Errorf("error %v, want a *PartialError", err)
	}
	check("partial error", err)
	_, err = c.Batch(t.Context(), []Op{IdentifyPerson(customerio.ByID("1"), nil)})
	var be *BatchError
	if !errors.As(err, &be) {
		t.Errorf("error %v, want a *BatchError", err)
	}
	check("batch error", err)

	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	down, err := New(testSite, testKey, customerio.WithBaseURL(srv.URL), customerio.WithLogger(logger), customerio.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	err = down.SuppressPerson(t.Context(), customerio.ByID("1"))
	var te *customerio.TransportError
	if !errors.As(err, &te) {
		t.Errorf("error %v, want a *customerio.TransportError", err)
	}
	check("transport error", err)
	_, err = down.Batch(t.Context(), nil)
	check("batch transport error", err)

	texts = append(texts, "logs: "+logs.String())
	if !strings.Contains(logs.String(), "customerio request") {
		t.Error("the logger saw no request; the log check is void")
	}
	for _, text := range texts {
		for _, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("secret leaked in %s", text)
			}
		}
	}
	if got := c.String(); got != "trackv2.Client{site: "+testSite+"}" {
		t.Errorf("String() = %q", got)
	}
}
