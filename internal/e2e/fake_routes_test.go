package e2e

import (
	"context"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The clients name the endpoint each exported method calls in its doc comment,
// as "METHOD /path/{param}". Reading those comments, rather than a list kept by
// hand, keeps the checks below in step as methods are added.

// clientPackages are the packages whose methods call Customer.io, by directory
// relative to this one, with the credential their API takes.
var clientPackages = []struct {
	dir  string
	auth string // "track", "app" or "pipelines"
}{
	{"../../app", "app"},
	{"../../track", "track"},
	{"../../trackv2", "track"},
	{"../../pipelines", "pipelines"},
}

// endpointInDoc finds "METHOD /path" in a doc comment, the path running to the
// first space, comma, semicolon or parenthesis, and the further paths of a list
// such as "POST /v1/identify, /v1/track or /v1/alias".
var endpointInDoc = regexp.MustCompile(`\b(GET|PUT|POST|DELETE|PATCH)\s+(/[^\s,;()]+(?:(?:,\s*|,?\s+or\s+)/[^\s,;()]+)*)`)

// pathListSep splits the paths of one endpointInDoc match.
var pathListSep = regexp.MustCompile(`,\s*|,?\s+or\s+`)

// ioWithoutEndpoint lists the exported functions and methods that take a
// context but name no endpoint in their doc comment, each with the endpoints it
// reaches, which are checked like the documented ones: these queue their work
// for the batch engine, whose batches go to one batch endpoint. A method whose
// comment names another method of the same package that has an endpoint (an
// iterator walking its pages, a shorthand calling it) needs no entry.
var ioWithoutEndpoint = map[string][]string{
	"pipelines.Client.Identify":  {"POST /v1/batch"},
	"pipelines.Client.Track":     {"POST /v1/batch"},
	"pipelines.Client.Page":      {"POST /v1/batch"},
	"pipelines.Client.Screen":    {"POST /v1/batch"},
	"pipelines.Client.Group":     {"POST /v1/batch"},
	"pipelines.Client.Alias":     {"POST /v1/batch"},
	"pipelines.Client.Flush":     {"POST /v1/batch"},
	"trackv2.Batcher.EnqueueRaw": {"POST /api/v2/batch"},
	"trackv2.Batcher.Flush":      {"POST /api/v2/batch"},
	"trackv2.Batcher.Close":      {"POST /api/v2/batch"},
}

// reachesAnyRoute lists the exported methods that take a context and name no
// endpoint because they call whichever route their caller passes, each with
// why: the Do escape hatches, for routes a package has no method for. They
// have no endpoint of their own for the fake to serve, so they are exempt from
// the check below, and a route their doc comment gives as an example is not
// counted as one the client names.
var reachesAnyRoute = map[string]string{
	"track.Client.Do":   "sends any Track API v1 route its caller names",
	"trackv2.Client.Do": "sends any Track API route its caller names",
	"app.Client.Do":     "sends any App API route its caller names",
}

// clientEndpoint is one endpoint a client method names.
type clientEndpoint struct {
	method, path string // path as documented, {params} kept
	auth         string
	caller       string // package.Receiver.Name
}

// clientFunc is one exported function or method of a client package.
type clientFunc struct {
	name      string // package.Receiver.Name
	short     string // Name
	doc       string
	endpoints []clientEndpoint
	io        bool
}

// readClientFuncs parses the non-test files of dir and returns its exported
// functions and methods with their doc comments.
func readClientFuncs(t *testing.T, dir, auth string) []clientFunc {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	pkg, err := doc.NewFromFiles(fset, files, "github.com/gocustomerio/customerio/"+filepath.Base(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []clientFunc
	add := func(recv string, f *doc.Func) {
		name := pkg.Name + "." + f.Name
		if recv != "" {
			name = pkg.Name + "." + recv + "." + f.Name
		}
		cf := clientFunc{name: name, short: f.Name, doc: strings.Join(strings.Fields(f.Doc), " "), io: takesContext(f.Decl)}
		for _, m := range endpointInDoc.FindAllStringSubmatch(cf.doc, -1) {
			for _, p := range pathListSep.Split(m[2], -1) {
				path, _, _ := strings.Cut(strings.TrimRight(p, ".:"), "?")
				cf.endpoints = append(cf.endpoints, clientEndpoint{method: m[1], path: path, auth: auth, caller: name})
			}
		}
		for _, reached := range ioWithoutEndpoint[name] {
			method, path, _ := strings.Cut(reached, " ")
			cf.endpoints = append(cf.endpoints, clientEndpoint{method: method, path: path, auth: auth, caller: name})
		}
		out = append(out, cf)
	}
	for _, f := range pkg.Funcs {
		add("", f)
	}
	for _, typ := range pkg.Types {
		for _, f := range typ.Funcs {
			add("", f)
		}
		for _, f := range typ.Methods {
			add(typ.Name, f)
		}
	}
	return out
}

// takesContext reports whether decl has a context.Context parameter.
func takesContext(decl *ast.FuncDecl) bool {
	for _, field := range decl.Type.Params.List {
		if sel, ok := field.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Context" {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "context" {
				return true
			}
		}
	}
	return false
}

// clientEndpoints reads every client package and fails the test for a function
// that takes a context but names no endpoint, neither itself nor through a
// method of its package that does, unless ioWithoutEndpoint explains it or
// reachesAnyRoute exempts it.
func clientEndpoints(t *testing.T) []clientEndpoint {
	t.Helper()
	var all []clientEndpoint
	anyRoute := map[string]bool{}
	for _, p := range clientPackages {
		funcs := readClientFuncs(t, p.dir, p.auth)
		withEndpoint := map[string]bool{}
		for _, f := range funcs {
			if _, ok := reachesAnyRoute[f.name]; ok {
				anyRoute[f.name] = f.io
				continue
			}
			if len(f.endpoints) > 0 {
				withEndpoint[f.short] = true
			}
			all = append(all, f.endpoints...)
		}
		for _, f := range funcs {
			if _, ok := reachesAnyRoute[f.name]; ok || !f.io || len(f.endpoints) > 0 || delegates(f, withEndpoint) {
				continue
			}
			t.Errorf("%s takes a context but its doc comment names no endpoint (METHOD /path) nor a method that has one; name it, or explain it in ioWithoutEndpoint", f.name)
		}
	}
	for name := range ioWithoutEndpoint {
		if !slices.ContainsFunc(all, func(e clientEndpoint) bool { return e.caller == name }) {
			t.Errorf("ioWithoutEndpoint lists %s, which no client package has", name)
		}
	}
	for name := range reachesAnyRoute {
		if io, ok := anyRoute[name]; !ok || !io {
			t.Errorf("reachesAnyRoute lists %s, which no client package has as a method taking a context", name)
		}
	}
	return all
}

// delegates reports whether f's doc comment names another method that has an
// endpoint, as "walks every page of ListMessages" or "it is c.Broadcasts.Trigger"
// do.
func delegates(f clientFunc, withEndpoint map[string]bool) bool {
	for _, word := range regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*`).FindAllString(f.doc, -1) {
		if word != f.short && withEndpoint[word] {
			return true
		}
	}
	return false
}

// samplePath fills each {param} of a documented path with a value the fake's
// seeded workspace knows.
func samplePath(path string, seeded map[string]string) string {
	return regexp.MustCompile(`\{[^}]*\}`).ReplaceAllStringFunc(path, func(p string) string {
		name := strings.ToLower(strings.NewReplacer("_", "", "{", "", "}", "").Replace(p))
		if v, ok := seeded[name]; ok {
			return v
		}
		return "1"
	})
}

// TestFakeServesEveryClientEndpoint sends one request to each endpoint a client
// of this module names, with that API's credentials, and checks that the fake
// serves it: any answer but 501 (not implemented) or 405 (known path, wrong
// method). Fake routes no client names are logged.
func TestFakeServesEveryClientEndpoint(t *testing.T) {
	endpoints := clientEndpoints(t)
	if len(endpoints) < 40 {
		t.Fatalf("found %d documented endpoints; the doc comments changed shape", len(endpoints))
	}
	srv := newFake(t)
	ctx := context.Background()
	if _, err := srv.AddPerson("42", map[string]any{"email": "ada@example.com"}); err != nil {
		t.Fatal(err)
	}
	segment := srv.CreateSegment("vip", true)
	template := srv.AddTransactionalMessage("welcome", "")
	if _, ok := srv.AddTransactionalLanguage(template, "de"); !ok {
		t.Fatal("AddTransactionalLanguage refused")
	}
	seeded := map[string]string{
		"identifier": "42", "id": "42", "customerid": "42",
		"deviceid": "tok", "segmentid": strconv.Itoa(segment), "formid": "signup",
		"deliveryid": "dlv_00000001", "broadcastid": "9", "triggerid": "1",
		"transactionalid": strconv.Itoa(template), "contentid": "1", "language": "de", "type": "email",
	}
	do := func(method, path, auth, payload string) (int, string) {
		t.Helper()
		var body io.Reader
		if method == http.MethodPost || method == http.MethodPut {
			body = strings.NewReader(payload)
		}
		req, err := http.NewRequestWithContext(ctx, method, srv.URL()+path, body)
		if err != nil {
			t.Fatal(err)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		switch auth {
		case "app":
			req.Header.Set("Authorization", "Bearer "+srv.AppKey())
		case "track":
			req.SetBasicAuth(srv.SiteID(), srv.APIKey())
		case "pipelines":
			req.SetBasicAuth(srv.WriteKey(), "")
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// A send and a trigger, so the delivery and trigger ids above exist.
	for _, seed := range []struct{ path, body string }{
		{"/v1/send/email", `{"transactional_message_id":1,"to":"ada@example.com"}`},
		{"/v1/campaigns/9/triggers", `{"ids":["42"]}`},
	} {
		if status, b := do(http.MethodPost, seed.path, "app", seed.body); status != http.StatusOK {
			t.Fatalf("seeding %s: %d %s", seed.path, status, b)
		}
	}
	for _, e := range endpoints {
		path := samplePath(e.path, seeded)
		status, b := do(e.method, path, e.auth, `{}`)
		if status == http.StatusNotImplemented || status == http.StatusMethodNotAllowed || strings.Contains(b, "no route") {
			t.Errorf("%s names %s %s; the fake answers %s %s with %d %s", e.caller, e.method, e.path, e.method, path, status, b)
		}
	}

	for _, fe := range srv.Endpoints() {
		if !slices.ContainsFunc(endpoints, func(e clientEndpoint) bool { return e.method == fe.Method && samePattern(fe.Path, e.path) }) {
			t.Logf("the fake serves %s %s, which no client method names", fe.Method, fe.Path)
		}
	}
}

// samePattern reports whether a documented path fits a route of the fake:
// segment by segment equal, a {param} on either side fitting any one segment.
func samePattern(route, documented string) bool {
	a, b := strings.Split(route, "/"), strings.Split(documented, "/")
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !strings.HasPrefix(a[i], "{") && !strings.HasPrefix(b[i], "{") {
			return false
		}
	}
	return true
}
