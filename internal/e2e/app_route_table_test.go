package e2e

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

// testdata/app-routes.tsv is a copy of the App API route table (method, path,
// operationId, tag), one row per route of Customer.io's App API document. The
// tests below hold package app to it: every route of a group the package covers
// has a method naming it, spelled as the table spells it, and no method names a
// route the table does not have.

// appRouteGroups are the route table's groups (its tag column) that package app
// covers in full. A group joins the list when its last route has a method.
var appRouteGroups = []string{
	"Activities",
	"Assets",
	"Automations",
	"Broadcasts",
	"Collections",
	"Customers",
	"Data Index",
	"Design Studio emails",
	"Design Studio",
	"ESP Suppression",
	"Exports",
	"Imports",
	"Info",
	"Live Notifications",
	"Messages",
	"Newsletter Metrics",
	"Newsletter Variants",
	"Newsletters",
	"Objects",
	"Opt-outs",
	"Reporting Webhooks",
	"Segments",
	"Send Messages",
	"Sender Identities",
	"Snippets",
	"Subscription Center",
	"Transactional",
	"Workspaces",
}

// appRoute is one row of the route table.
type appRoute struct {
	method, path, operationID, group string
}

// readAppRoutes reads testdata/app-routes.tsv.
func readAppRoutes(t *testing.T) []appRoute {
	t.Helper()
	f, err := os.Open("testdata/app-routes.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var routes []appRoute
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 4 {
			t.Fatalf("app-routes.tsv: %q has %d columns, want 4", sc.Text(), len(cols))
		}
		routes = append(routes, appRoute{cols[0], cols[1], cols[2], cols[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(routes) != 186 {
		t.Fatalf("app-routes.tsv has %d routes, want 186", len(routes))
	}
	return routes
}

// appEndpoints returns the endpoints package app's doc comments name, keyed
// "METHOD /path", with the methods naming each.
func appEndpoints(t *testing.T) map[string][]string {
	t.Helper()
	named := map[string][]string{}
	for _, f := range readClientFuncs(t, "../../app", "app") {
		if _, ok := reachesAnyRoute[f.name]; ok {
			continue
		}
		for _, e := range f.endpoints {
			key := e.method + " " + e.path
			named[key] = append(named[key], f.name)
		}
	}
	return named
}

func TestEveryRouteOfACoveredGroupHasAnAppMethod(t *testing.T) {
	named := appEndpoints(t)
	groups := map[string]int{}
	for _, r := range readAppRoutes(t) {
		groups[r.group]++
		if !slices.Contains(appRouteGroups, r.group) {
			continue
		}
		if _, ok := named[r.method+" "+r.path]; !ok {
			t.Errorf("%s %s (%s, group %s) has no app method naming it in its doc comment", r.method, r.path, r.operationID, r.group)
		}
	}
	for _, g := range appRouteGroups {
		if groups[g] == 0 {
			t.Errorf("appRouteGroups lists %q, which the route table does not have", g)
		}
	}
}

func TestAppMethodsNameOnlyRoutesOfTheTable(t *testing.T) {
	table := map[string]bool{}
	for _, r := range readAppRoutes(t) {
		table[r.method+" "+r.path] = true
	}
	for endpoint, callers := range appEndpoints(t) {
		if !table[endpoint] {
			t.Errorf("%v name %s, which the App API route table does not have (check the spelling of its {params})", callers, endpoint)
		}
	}
}
