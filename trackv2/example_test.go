package trackv2_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/trackv2"
)

// fakeTrack stands in for Customer.io: it prints each request it receives and
// answers with status and body.
func fakeTrack(status int, body string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.URL.Path, string(b))
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
}

func ExampleClient_IdentifyPerson() {
	srv := fakeTrack(http.StatusOK, "{}")
	defer srv.Close()

	c, err := trackv2.New("site-id", "api-key", customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()))
	if err != nil {
		fmt.Println(err)
		return
	}
	err = c.IdentifyPerson(context.Background(), customerio.ByEmail("ada@example.com"), map[string]any{
		"first_name": "Ada",
		"plan":       "pro",
	})
	fmt.Println("error:", err)

	// A person is identified by exactly one field: this is refused before any
	// request is made.
	err = c.IdentifyPerson(context.Background(), customerio.Identifiers{ID: "42", Email: "ada@example.com"}, nil)
	fmt.Println("error:", err)
	// Output:
	// POST /api/v2/entity {"type":"person","action":"identify","identifiers":{"email":"ada@example.com"},"attributes":{"first_name":"Ada","plan":"pro"}}
	// error: <nil>
	// error: customerio: trackv2.IdentifyPerson: invalid input: identifiers.email: must not be set together with id: a person is identified by exactly one field
}

func ExampleClient_Batch() {
	// Customer.io accepts the batch but rejects its second operation.
	srv := fakeTrack(http.StatusMultiStatus,
		`{"errors":[{"batch_index":1,"reason":"invalid","field":"identifiers.email","message":"not a valid email"}]}`)
	defer srv.Close()

	c, err := trackv2.New("site-id", "api-key", customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client()))
	if err != nil {
		fmt.Println(err)
		return
	}
	ops := []trackv2.Op{
		trackv2.IdentifyPerson(customerio.ByID("42"), map[string]any{"plan": "pro"}),
		trackv2.IdentifyPerson(customerio.ByEmail("not-an-email"), nil),
		// Events get a generated de-duplication id unless one is set.
		trackv2.TrackPersonEvent(customerio.ByID("42"), "upgraded", nil, trackv2.WithID("01HMX5V0Q6Y1ZB9N2J7C4D8E3F")),
	}
	res, err := c.Batch(context.Background(), ops)

	var partial *trackv2.PartialError
	if errors.As(err, &partial) {
		for _, item := range partial.Errors {
			fmt.Printf("op %d (%s %s) rejected: %s\n", item.Index, item.Op.Type, item.Op.Action, item.Message)
		}
	}
	fmt.Println("requests:", res.Requests)
	fmt.Println(err)
	// Output:
	// POST /api/v2/batch {"batch":[{"type":"person","action":"identify","identifiers":{"id":"42"},"attributes":{"plan":"pro"}},{"type":"person","action":"identify","identifiers":{"email":"not-an-email"},"attributes":{}},{"type":"person","action":"event","identifiers":{"id":"42"},"name":"upgraded","id":"01HMX5V0Q6Y1ZB9N2J7C4D8E3F","attributes":{}}]}
	// op 1 (person identify) rejected: not a valid email
	// requests: 1
	// trackv2: Customer.io rejected 1 operation(s) of the batch: batch[1] identifiers.email: invalid: not a valid email
}
