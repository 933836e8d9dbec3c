package customeriotest_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gocustomerio/customerio/customeriotest"
)

// A test starts the fake, sends a Track v1 identify the way any client would,
// and reads the person back.
func Example() {
	srv := customeriotest.NewServer()
	defer srv.Close()

	body := strings.NewReader(`{"email":"ada@example.com","plan":"pro"}`)
	req, _ := http.NewRequest(http.MethodPut, srv.URL()+"/api/v1/customers/42", body)
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(srv.SiteID(), srv.APIKey())
	resp, err := srv.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.Status)

	p, ok := srv.Person("42")
	fmt.Println(ok, p.Email, p.Attributes["plan"])
	byEmail, _ := srv.PersonByEmail("ada@example.com")
	fmt.Println(byEmail.ID == p.ID)
	// Output:
	// 200 OK
	// true ada@example.com pro
	// true
}
