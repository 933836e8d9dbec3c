package app

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestGetByIDsSplitsListsOverTheLimit pins that a list longer than Customer.io's
// 100 ids per lookup is sent as requests of at most 100 ids, whose answers are
// joined in order; a server enforcing the limit answers 400 to a single request
// of 150.
func TestGetByIDsSplitsListsOverTheLimit(t *testing.T) {
	var (
		mu    sync.Mutex
		sizes []int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			IDs []string `json:"ids"`
		}
		if r.Method != http.MethodPost || r.URL.Path != "/v1/customers/attributes" || json.NewDecoder(r.Body).Decode(&body) != nil {
			http.Error(w, "unexpected request", http.StatusTeapot)
			return
		}
		mu.Lock()
		sizes = append(sizes, len(body.IDs))
		mu.Unlock()
		if len(body.IDs) > MaxIDsPerLookup {
			http.Error(w, `{"meta":{"error":"too many ids"}}`, http.StatusBadRequest)
			return
		}
		type entry struct {
			Customer Customer `json:"customer"`
		}
		out := struct {
			Customers []entry `json:"customers"`
		}{}
		for _, id := range body.IDs {
			out.Customers = append(out.Customers, entry{Customer{ID: id, Identifiers: customerio.Identifiers{ID: id}}})
		}
		_ = json.NewEncoder(w).Encode(out)
	}))
	defer srv.Close()
	c, err := New(testKey, customerio.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 100, 101, 150, 250} {
		sizes = nil
		ids := make([]string, n)
		for i := range ids {
			ids[i] = strconv.Itoa(i + 1)
		}
		got, err := c.Customers.GetByIDs(t.Context(), ids, customerio.IDTypeID)
		if err != nil {
			t.Fatalf("%d ids: %v", n, err)
		}
		if len(got) != n {
			t.Fatalf("%d ids: %d customers back", n, len(got))
		}
		for i, cu := range got {
			if cu.ID != ids[i] {
				t.Fatalf("%d ids: customer %d is %q, want %q (answers out of order)", n, i, cu.ID, ids[i])
			}
		}
		want := (n + MaxIDsPerLookup - 1) / MaxIDsPerLookup
		if len(sizes) != want || sizes[0] > MaxIDsPerLookup {
			t.Errorf("%d ids: requests of %v, want %d requests of at most %d", n, sizes, want, MaxIDsPerLookup)
		}
	}
}
