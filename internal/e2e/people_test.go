package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/track"
)

// TestIdentifyThenLookUp identifies a person through the Track API and reads
// the profile back through every App API lookup: by id, by email, by cio_id,
// in bulk, by email search and by audience filter.
func TestIdentifyThenLookUp(t *testing.T) {
	srv := newFake(t)
	tc, ac := trackClient(t, srv), appClient(t, srv)
	ctx := t.Context()
	signup := time.Unix(1700000000, 0)

	err := tc.Identify(ctx, "42", map[string]any{
		track.AttrEmail:     "ada@example.com",
		track.AttrCreatedAt: signup,
		"plan":              "pro",
		"seats":             3,
	})
	if err != nil {
		t.Fatal(err)
	}
	// A second identify by email updates the same person.
	if err := tc.Identify(ctx, "ada@example.com", map[string]any{"team": "engines"}); err != nil {
		t.Fatal(err)
	}
	stored, ok := srv.Person("42")
	if !ok {
		t.Fatal("the fake holds no person 42")
	}
	if stored.CreatedAt != signup.Unix() {
		t.Errorf("created_at stored as %d, want %d", stored.CreatedAt, signup.Unix())
	}

	wantAttrs := map[string]string{
		"email": "ada@example.com", "created_at": "1700000000", "plan": "pro", "seats": "3", "team": "engines", "id": "42",
	}
	check := func(t *testing.T, c *app.Customer) {
		t.Helper()
		want := customerio.Identifiers{ID: "42", Email: "ada@example.com", CIOID: stored.CIOID}
		if c.Identifiers != want {
			t.Errorf("identifiers %+v, want %+v", c.Identifiers, want)
		}
		for k, v := range wantAttrs {
			if c.Attributes[k] != v {
				t.Errorf("attribute %s = %#v, want %q", k, c.Attributes[k], v)
			}
		}
	}
	lookups := []struct {
		id     string
		idType customerio.IDType
	}{
		{"42", ""},
		{"42", customerio.IDTypeID},
		{"ada@example.com", customerio.IDTypeEmail},
		{"cio_" + stored.CIOID, customerio.IDTypeCIOID},
	}
	for _, l := range lookups {
		t.Run("GetAttributes "+l.id, func(t *testing.T) {
			c, err := ac.Customers.GetAttributes(t.Context(), l.id, l.idType)
			if err != nil {
				t.Fatal(err)
			}
			if c.ID != "42" {
				t.Errorf("ID %q, want 42", c.ID)
			}
			check(t, c)
		})
	}

	t.Run("GetByIDs", func(t *testing.T) {
		got, err := ac.Customers.GetByIDs(t.Context(), []string{"42", "nobody"}, customerio.IDTypeID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("%d customers, want 1 (unknown ids are left out): %+v", len(got), got)
		}
		check(t, &got[0])
	})

	t.Run("GetByEmail", func(t *testing.T) {
		got, err := ac.Customers.GetByEmail(t.Context(), "ada@example.com")
		if err != nil {
			t.Fatal(err)
		}
		want := []customerio.Identifiers{{ID: "42", Email: "ada@example.com", CIOID: stored.CIOID}}
		if len(got) != 1 || got[0] != want[0] {
			t.Errorf("GetByEmail = %+v, want %+v", got, want)
		}
	})

	t.Run("Search", func(t *testing.T) {
		if err := tc.Identify(t.Context(), "43", map[string]any{"plan": "free"}); err != nil {
			t.Fatal(err)
		}
		var found []string
		for m, err := range ac.Customers.AllSearchResults(t.Context(), app.Attribute("plan", app.Equals, "pro"), app.ListOptions{}) {
			if err != nil {
				t.Fatal(err)
			}
			found = append(found, m.ID)
		}
		if len(found) != 1 || found[0] != "42" {
			t.Errorf("people on plan pro: %v, want [42]", found)
		}
	})

	t.Run("unknown person", func(t *testing.T) {
		_, err := ac.Customers.GetAttributes(t.Context(), "nobody", customerio.IDTypeID)
		if !errors.Is(err, customerio.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
}

// TestDevicesReadBack adds devices through Track v1 and v2 and reads them
// back with the person's profile.
func TestDevicesReadBack(t *testing.T) {
	srv := newFake(t)
	tc, ac := trackClient(t, srv), appClient(t, srv)
	ctx := t.Context()
	used := time.Unix(1700000100, 0)

	if err := tc.Identify(ctx, "42", nil); err != nil {
		t.Fatal(err)
	}
	if err := tc.AddDevice(ctx, "42", customerio.Device{Token: "tok/1+a", Platform: customerio.PlatformIOS, LastUsed: used}); err != nil {
		t.Fatal(err)
	}
	if err := tc.V2().AddPersonDevice(ctx, customerio.ByID("42"), customerio.Device{Token: "tok-2", Platform: customerio.PlatformAndroid}); err != nil {
		t.Fatal(err)
	}
	c, err := ac.Customers.GetAttributes(ctx, "42", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Devices) != 2 {
		t.Fatalf("devices %+v, want 2", c.Devices)
	}
	if d := c.Devices[0]; d.ID != "tok/1+a" || d.Platform != "ios" || !d.LastUsed.Equal(used) {
		t.Errorf("first device %+v", d)
	}
	if d := c.Devices[1]; d.ID != "tok-2" || d.Platform != "android" {
		t.Errorf("second device %+v", d)
	}

	// The token is one path segment, escaped once: deleting finds it.
	if err := tc.DeleteDevice(ctx, "42", "tok/1+a"); err != nil {
		t.Fatal(err)
	}
	if p, _ := srv.Person("42"); len(p.Devices) != 1 || p.Devices[0].Token != "tok-2" {
		t.Errorf("devices after delete: %+v", p.Devices)
	}
}

// TestSuppressThenIdentify checks that a suppressed person is gone and that
// identifying them again, by id or by their email under another id, is
// dropped (Customer.io answers 200 and creates nobody) until unsuppressed.
func TestSuppressThenIdentify(t *testing.T) {
	srv := newFake(t)
	tc, ac := trackClient(t, srv), appClient(t, srv)
	ctx := t.Context()

	if err := tc.Identify(ctx, "42", map[string]any{"email": "ada@example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := tc.Suppress(ctx, "42"); err != nil {
		t.Fatal(err)
	}
	if !srv.Suppressed("42") || !srv.Suppressed("ada@example.com") {
		t.Fatal("the person's identifiers are not suppressed")
	}

	attempts := []struct {
		name string
		call func() error
	}{
		{"v1 identify by id", func() error { return tc.Identify(ctx, "42", map[string]any{"plan": "pro"}) }},
		{"v1 identify by email", func() error { return tc.Identify(ctx, "ada@example.com", nil) }},
		{"v1 identify another id with the email", func() error {
			return tc.Identify(ctx, "43", map[string]any{"email": "ada@example.com"})
		}},
		{"v2 identify", func() error {
			return tc.V2().IdentifyPerson(ctx, customerio.ByID("42"), map[string]any{"plan": "pro"})
		}},
		{"v1 event", func() error { return tc.Track(ctx, "42", "login", nil) }},
	}
	for _, a := range attempts {
		if err := a.call(); err != nil {
			t.Errorf("%s: %v, want the call accepted and dropped", a.name, err)
		}
	}
	if people := srv.People(); len(people) != 0 {
		t.Errorf("people after identifying suppressed identifiers: %+v", people)
	}
	for _, id := range []string{"42", "43"} {
		if _, err := ac.Customers.GetAttributes(ctx, id, ""); !errors.Is(err, customerio.ErrNotFound) {
			t.Errorf("GetAttributes(%s) err = %v, want ErrNotFound", id, err)
		}
	}
	if got, err := ac.Customers.GetByEmail(ctx, "ada@example.com"); err != nil || len(got) != 0 {
		t.Errorf("GetByEmail = %+v, %v; want nobody", got, err)
	}

	// Lifting the block lets the identifier create a person again, without the
	// old profile.
	if err := tc.V2().UnsuppressPerson(ctx, customerio.ByID("42")); err != nil {
		t.Fatal(err)
	}
	if err := tc.Identify(ctx, "42", map[string]any{"plan": "free"}); err != nil {
		t.Fatal(err)
	}
	c, err := ac.Customers.GetAttributes(ctx, "42", "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Attributes["plan"] != "free" || c.Attributes["email"] != nil {
		t.Errorf("profile after unsuppress: %+v", c.Attributes)
	}
}

// TestMerge merges a duplicate profile into the primary one, through v1 and v2.
func TestMerge(t *testing.T) {
	tests := []struct {
		name  string
		merge func(context.Context, *track.Client) error
	}{
		{"v1", func(ctx context.Context, tc *track.Client) error {
			return tc.MergePeople(ctx, customerio.ByID("42"), customerio.ByEmail("old@example.com"))
		}},
		{"v2", func(ctx context.Context, tc *track.Client) error {
			return tc.V2().MergePeople(ctx, customerio.ByID("42"), customerio.ByEmail("old@example.com"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			tc, ac := trackClient(t, srv), appClient(t, srv)
			ctx := t.Context()
			if err := tc.Identify(ctx, "42", map[string]any{"plan": "pro"}); err != nil {
				t.Fatal(err)
			}
			if err := tc.Identify(ctx, "old@example.com", map[string]any{"plan": "free", "company": "Analytical Engines"}); err != nil {
				t.Fatal(err)
			}
			if err := tc.Track(ctx, "old@example.com", "signed_up", nil); err != nil {
				t.Fatal(err)
			}

			if err := tt.merge(ctx, tc); err != nil {
				t.Fatal(err)
			}
			merges := srv.Merges()
			if len(merges) != 1 || merges[0].Primary.ID != "42" || merges[0].Secondary.Email != "old@example.com" {
				t.Errorf("merges %+v", merges)
			}
			if n := len(srv.People()); n != 1 {
				t.Errorf("%d people after the merge, want 1", n)
			}
			c, err := ac.Customers.GetAttributes(ctx, "42", "")
			if err != nil {
				t.Fatal(err)
			}
			// The primary keeps its own value; it gains what only the secondary had.
			if c.Attributes["plan"] != "pro" || c.Attributes["company"] != "Analytical Engines" {
				t.Errorf("merged attributes %+v", c.Attributes)
			}
			if ev := srv.Events("42"); len(ev) != 1 || ev[0].Name != "signed_up" {
				t.Errorf("events of the primary: %+v", ev)
			}
		})
	}
}

// TestSegmentsOfPerson reads a person's segments after a Track write.
func TestSegmentsOfPerson(t *testing.T) {
	srv := newFake(t)
	tc, ac := trackClient(t, srv), appClient(t, srv)
	ctx := t.Context()
	seg, err := ac.Segments.Create(ctx, app.CreateSegmentRequest{Name: "VIP"})
	if err != nil {
		t.Fatal(err)
	}
	if err := tc.AddToSegment(ctx, seg.ID, []string{"ada@example.com"}, customerio.IDTypeEmail); err != nil {
		t.Fatal(err)
	}
	got, err := ac.Customers.GetSegments(ctx, "ada@example.com", customerio.IDTypeEmail)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != seg.ID || got[0].Name != "VIP" || got[0].Type != "manual" {
		t.Errorf("segments %+v, want [%d VIP manual]", got, seg.ID)
	}
	if got[0].CreatedAt.IsZero() {
		t.Error("segment created_at not decoded")
	}
}
