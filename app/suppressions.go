package app

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// ESPSuppressionsService reads and changes the suppression lists of
// Customer.io's email service provider (ESP), for workspaces that send email
// through Customer.io. The ESP suppresses an address by itself after a bounce,
// a block or a spam report; these lists are apart from suppressing a person in
// Customer.io (track.Client.Suppress), and an ESP-suppressed person stays in
// the workspace while their email is refused at the ESP.
//
// An unknown SuppressionType, or a blank email address or domain, is a
// *customerio.ValidationError and nothing is sent.
type ESPSuppressionsService struct{ api *transport.Client }

// SuppressionType is why the ESP suppressed an address, and names one of its
// suppression lists.
type SuppressionType string

// The ESP's suppression lists.
const (
	SuppressionBlocks        SuppressionType = "blocks"
	SuppressionBounces       SuppressionType = "bounces"
	SuppressionSpamReports   SuppressionType = "spam_reports"
	SuppressionInvalidEmails SuppressionType = "invalid_emails"
)

// check records a type that is not one of the ESP's lists.
func (t SuppressionType) check(p *problems) {
	switch t {
	case SuppressionBlocks, SuppressionBounces, SuppressionSpamReports, SuppressionInvalidEmails:
	default:
		p.add("suppression_type", "must be %q, %q, %q or %q, not %q",
			SuppressionBlocks, SuppressionBounces, SuppressionSpamReports, SuppressionInvalidEmails, string(t))
	}
}

// ESPSuppression is one address on an ESP suppression list.
type ESPSuppression struct {
	Email string `json:"email"`
	// Reason is the ESP's explanation, such as "Uploaded manually via
	// api.customer.io".
	Reason string `json:"reason"`
	// Status is the ESP's status code for the suppression, normally "550".
	Status string `json:"status"`
	// Created is when the ESP suppressed the address.
	Created time.Time `json:"created"`
	// Category is the answer's category for the list the address is on, such
	// as "bounces" or "spam".
	Category string `json:"-"`
}

// UnmarshalJSON reads created as Unix seconds, and status as a string or a
// number.
func (s *ESPSuppression) UnmarshalJSON(b []byte) error {
	type fields ESPSuppression
	var w struct {
		fields
		Status  looseString `json:"status"`
		Created unixTime    `json:"created"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = ESPSuppression(w.fields)
	s.Status = string(w.Status)
	s.Created = time.Time(w.Created)
	return nil
}

// ESPSuppressionsOptions selects one page of List. The list pages by offset:
// Start, when set, is the number of addresses to skip, and a page's Next is
// the offset of the following page.
type ESPSuppressionsOptions struct {
	// Start is the offset of the page, a non-negative number; empty is 0.
	// Limit caps the page, at most 1000 (Customer.io's default is 100).
	ListOptions
	// Domain keeps the addresses suppressed on this sending domain only; an
	// address can be suppressed on several.
	Domain string
}

// ESPDomainSuppressionsOptions selects one page of ListByDomain, which pages by
// cursor.
type ESPDomainSuppressionsOptions struct {
	// Limit caps the page, at most 1000 (Customer.io's default is 100).
	ListOptions
	// Email keeps that one address only; the answer then has no next page.
	Email string
}

// maxSuppressionsPage is the largest page the ESP suppression lists serve.
const maxSuppressionsPage = 1000

// defaultSuppressionsPage is the page size Customer.io uses without a limit.
const defaultSuppressionsPage = 100

// suppressionPage reads an answer {"category": …, "suppressions": […], "next":
// …}, setting each item's Category.
func suppressionPage(ctx context.Context, api *transport.Client, p *problems, req *transport.Request) (ListPage[ESPSuppression], error) {
	body, err := fetchBody(ctx, api, p, req)
	if err != nil {
		return ListPage[ESPSuppression]{}, err
	}
	wire, err := wrapper(p.op, body)
	if err != nil {
		return ListPage[ESPSuppression]{}, err
	}
	page, err := pageFrom[ESPSuppression](p.op, body, wire, "suppressions")
	if err != nil {
		return ListPage[ESPSuppression]{}, err
	}
	var category looseString
	if err := unmarshal(p.op, body, wire["category"], &category); err != nil {
		return ListPage[ESPSuppression]{}, err
	}
	for i := range page.Items {
		page.Items[i].Category = string(category)
	}
	return page, nil
}

// pageLimit records a limit above the ESP lists' maximum.
func pageLimit(p *problems, limit *int) {
	if limit != nil && *limit > maxSuppressionsPage {
		p.add("limit", "must be at most %d, not %d", maxSuppressionsPage, *limit)
	}
}

// Suppress puts an address on an ESP suppression list (POST
// /v1/esp/suppression/{suppression_type}/{email_address}), so the ESP refuses
// email to it; the person stays in the workspace. Suppressing an address that
// is already on the list changes nothing, so retry strategies may repeat the
// call.
func (s *ESPSuppressionsService) Suppress(ctx context.Context, suppressionType SuppressionType, email string) error {
	p := newProblems("app.ESPSuppressions.Suppress")
	suppressionType.check(p)
	p.blank("email_address", email)
	path := transport.Path("/v1/esp/suppression", string(suppressionType), email)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodPost, Path: path, Idempotent: true})
}

// Unsuppress takes an address off an ESP suppression list (DELETE
// /v1/esp/suppression/{suppression_type}/{email_address}), so the ESP delivers
// to it again. The call is not repeated by the retry strategies unless
// Customer.io cannot have acted on it (or the strategy is built with
// retry.RetryNonIdempotent): if the address bounced or complained again
// between two attempts, a late repeat would remove the new suppression and let
// email reach an address that refused it. On an ambiguous failure, look the
// address up with Search before calling again.
func (s *ESPSuppressionsService) Unsuppress(ctx context.Context, suppressionType SuppressionType, email string) error {
	p := newProblems("app.ESPSuppressions.Unsuppress")
	suppressionType.check(p)
	p.blank("email_address", email)
	path := transport.Path("/v1/esp/suppression", string(suppressionType), email)
	return exec(ctx, s.api, p, &transport.Request{Method: http.MethodDelete, Path: path, NotIdempotent: true})
}

// List returns one page of the addresses on an ESP suppression list (GET
// /v1/esp/suppression/{suppression_type}), paged by offset (see
// ESPSuppressionsOptions). The answer carries no cursor: Next is the offset
// after this page while pages come back full, and empty after a short one. A
// Start that is not a non-negative number, or a Limit above 1000, is a
// *customerio.ValidationError. For a large list, ListByDomain is faster.
func (s *ESPSuppressionsService) List(ctx context.Context, suppressionType SuppressionType, opts ESPSuppressionsOptions) (ListPage[ESPSuppression], error) {
	p := newProblems("app.ESPSuppressions.List")
	suppressionType.check(p)
	offset := 0
	if opts.Start != "" {
		n, err := strconv.Atoi(opts.Start)
		if err != nil || n < 0 {
			p.add("offset", "must be a non-negative offset, not %q", opts.Start)
		}
		offset = n
	}
	pageLimit(p, opts.Limit)
	q := params{}
	q.limit(p, opts.Limit)
	q.str("offset", opts.Start)
	q.str("domain", opts.Domain)
	path := transport.Path("/v1/esp/suppression", string(suppressionType))
	page, err := suppressionPage(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()})
	if err != nil {
		return page, err
	}
	size := defaultSuppressionsPage
	if opts.Limit != nil && *opts.Limit > 0 {
		size = *opts.Limit
	}
	page.Next = ""
	if len(page.Items) >= size {
		page.Next = strconv.Itoa(offset + len(page.Items))
	}
	return page, nil
}

// All walks every page of List, from opts.Start on
// (GET /v1/esp/suppression/{suppression_type}).
func (s *ESPSuppressionsService) All(ctx context.Context, suppressionType SuppressionType, opts ESPSuppressionsOptions) iter.Seq2[ESPSuppression, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[ESPSuppression], error) {
		o := opts
		o.Start = start
		return s.List(ctx, suppressionType, o)
	})
}

// ListByDomain returns one page of the addresses on an ESP suppression list
// for one sending domain (GET
// /v1/esp/domains/{domain_name}/suppression/{suppression_type}); pass the
// page's Next as opts.Start for the following one. A blank domain or a Limit
// above 1000 is a *customerio.ValidationError.
func (s *ESPSuppressionsService) ListByDomain(ctx context.Context, domain string, suppressionType SuppressionType, opts ESPDomainSuppressionsOptions) (ListPage[ESPSuppression], error) {
	p := newProblems("app.ESPSuppressions.ListByDomain")
	p.blank("domain_name", domain)
	suppressionType.check(p)
	pageLimit(p, opts.Limit)
	q := params{}
	opts.query(p, q)
	q.str("email", opts.Email)
	path := transport.Path("/v1/esp/domains", domain, "suppression", string(suppressionType))
	return suppressionPage(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path, Query: q.values()})
}

// AllByDomain walks every page of ListByDomain, from opts.Start on
// (GET /v1/esp/domains/{domain_name}/suppression/{suppression_type}).
func (s *ESPSuppressionsService) AllByDomain(ctx context.Context, domain string, suppressionType SuppressionType, opts ESPDomainSuppressionsOptions) iter.Seq2[ESPSuppression, error] {
	return walk(ctx, opts.Start, func(ctx context.Context, start string) (ListPage[ESPSuppression], error) {
		o := opts
		o.Start = start
		return s.ListByDomain(ctx, domain, suppressionType, o)
	})
}

// Search looks an address up on the ESP's suppression lists (GET
// /v1/esp/search_suppression/{email_address}), to learn whether and why it was
// suppressed; an address on no list gives an empty slice.
func (s *ESPSuppressionsService) Search(ctx context.Context, email string) ([]ESPSuppression, error) {
	p := newProblems("app.ESPSuppressions.Search")
	p.blank("email_address", email)
	path := transport.Path("/v1/esp/search_suppression", email)
	page, err := suppressionPage(ctx, s.api, p, &transport.Request{Method: http.MethodGet, Path: path})
	return page.Items, err
}
