package app_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/customeriotest"
)

func ExampleNewslettersService_Create() {
	// The fake workspace stands in for Customer.io.
	srv := customeriotest.NewServer()
	defer srv.Close()
	if _, err := srv.AddPerson("42", map[string]any{"email": "ada@example.com", "plan": "pro"}); err != nil {
		log.Fatal(err)
	}
	client, err := app.New(srv.AppKey(), srv.Option())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	n, err := client.Newsletters.Create(ctx, app.NewNewsletter{
		Name:       "Pro tips",
		Recipients: app.And(app.Attribute("plan", app.Exists, nil), app.Not(app.Attribute("plan", app.Equals, "free"))),
		SendNow:    true,
		Email:      &app.NewsletterEmail{Subject: "Tips for pros", Body: "<p>Hello {{ customer.email }}</p>"},
	})
	if err != nil {
		log.Fatal(err)
	}
	for d, err := range client.Newsletters.AllDeliveries(ctx, n.ID, app.DeliveriesOptions{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(d.Type, d.Recipient, d.Subject)
	}
	// Output: email ada@example.com Tips for pros
}

func ExampleNewslettersService_AllDeliveries() {
	// Every fake workspace starts with a sent newsletter to read.
	srv := customeriotest.NewServer()
	defer srv.Close()
	client, err := app.New(srv.AppKey(), srv.Option())
	if err != nil {
		log.Fatal(err)
	}
	opened := 0
	for d, err := range client.Newsletters.AllDeliveries(context.Background(), customeriotest.SeededNewsletterID, app.DeliveriesOptions{}) {
		if err != nil {
			log.Fatal(err)
		}
		if !d.Metrics["opened"].IsZero() {
			opened++
		}
	}
	fmt.Println("opened:", opened)
	// Output: opened: 4
}
