package app

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

func TestDesignEmailInboxPreviewsRoutes(t *testing.T) {
	t.Parallel()
	base := "/v1/design_studio/emails/" + emailID + "/inbox_previews"
	testRoutes(t, []route{
		{
			name: "SubmitInboxPreview",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.SubmitInboxPreview(ctx, emailID, SubmitInboxPreviewRequest{
					ClientIDs: []string{"android12_gmailapp_pixel6_dm"}, Name: "Welcome previews",
					SampleData: map[string]any{"customer": map[string]any{"first_name": "Ada"}}, LaxMode: true,
				})
			},
			exchange: exchange{method: http.MethodPost, path: base, body: `{"client_ids":["android12_gmailapp_pixel6_dm"],"name":"Welcome previews","sample_data":{"customer":{"first_name":"Ada"}},"lax_mode":true}`, fixture: "design_email_inbox_submit.json"},
			want:     &InboxPreviewSubmission{RunID: 12, Replayed: true},
		},
		{
			name: "GetInboxPreviewJob",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DesignEmails.GetInboxPreviewJob(ctx, emailID, 12)
			},
			exchange: exchange{method: http.MethodGet, path: base + "/12", fixture: "design_email_inbox_job.json"},
			want: &InboxPreviewJob{
				RunID: 12, Name: "Welcome previews", ClientIDs: []string{"android12_gmailapp_pixel6_dm"},
				TotalPreviewsRequested: 1, TotalPreviewsCached: 1, TotalPreviewsBounced: 1,
				Previews: []InboxPreview{{
					ClientID: "android12_gmailapp_pixel6_dm", DisplayName: "Gmail App Pixel 6", Category: "Mobile", OS: "Android 12 (Dark Mode)",
					Status: "Pending", Cached: true, Screenshots: map[string]string{"default": "/shot.png", "images_blocked": "/blocked.png"},
					Thumbnail: "/thumb.png", FullThumbnail: "/full.png", Error: &InboxPreviewError{Type: "bounced", Message: "the message bounced"},
				}},
				CreatedAt: unix(1773856017), UpdatedAt: unix(1773856032),
			},
		},
		{
			name:     "ListInboxPreviewClients",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.DesignEmails.ListInboxPreviewClients(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/design_studio/inbox_previews/clients", fixture: "design_email_inbox_clients.json"},
			want:     []InboxPreviewClient{{ID: "android12_gmailapp_pixel6_dm", Client: "Gmail App Pixel 6", Category: "Mobile", OS: "Android 12 (Dark Mode)"}},
		},
		{
			name:     "GetInboxPreviewCredits flattens the nested grants",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.DesignEmails.GetInboxPreviewCredits(ctx) },
			exchange: exchange{method: http.MethodGet, path: "/v1/design_studio/inbox_previews/credits", fixture: "design_email_inbox_credits.json"},
			want: []InboxPreviewCredit{
				{Tier: "free", CreditsOriginal: 25, CreditsRemaining: 0, ExpiresAt: unix(1715769600)},
				{Tier: "paid", CreditsOriginal: 100, CreditsRemaining: 90},
			},
		},
	})
}

// TestInboxPreviewCaptureReturnsTheImageBytes: the capture route answers an
// image, which is returned as sent, with its content type and file name, and
// never read as JSON.
func TestInboxPreviewCaptureReturnsTheImageBytes(t *testing.T) {
	t.Parallel()
	image := []byte("\x89PNG\r\n\x1a\n\x00\x00binary{\"not\":json")
	var gotPath, gotQuery string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotQuery = r.URL.EscapedPath(), r.URL.RawQuery
		w.Header().Set("Content-Type", "image/jpeg")
		w.Header().Set("Content-Disposition", `inline; filename="pixel6.jpg"`)
		_, _ = w.Write(image)
	}))
	t.Cleanup(srv.Close)
	c, err := New(testKey, customerio.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.DesignEmails.GetInboxPreviewCapture(t.Context(), emailID, 12, "android12/pixel6", CaptureOptions{Variant: CaptureScreenshot, Key: "images_blocked"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "/v1/design_studio/emails/" + emailID + "/inbox_previews/12/captures/android12%2Fpixel6"; gotPath != want {
		t.Errorf("path %s, want %s", gotPath, want)
	}
	if gotQuery != "key=images_blocked&variant=screenshot" {
		t.Errorf("query %q", gotQuery)
	}
	if !bytes.Equal(got.Data, image) || got.ContentType != "image/jpeg" || got.Filename != "pixel6.jpg" {
		t.Errorf("capture %q %q %q", got.Data, got.ContentType, got.Filename)
	}
}

func TestInboxPreviewJobsPages(t *testing.T) {
	t.Parallel()
	path := "/v1/design_studio/inbox_previews/jobs"
	page1 := exchange{method: http.MethodGet, path: path, query: "limit=2&node_id=n1", fixture: "design_email_inbox_jobs_page1.json"}
	page2 := exchange{method: http.MethodGet, path: path, query: "cursor=c-2&limit=2&node_id=n1", fixture: "design_email_inbox_jobs_page2.json"}
	opts := InboxPreviewJobsOptions{NodeID: "n1", Limit: customerio.Ptr(2)}
	runIDs := func(t *testing.T, c *Client, stopAfter int) ([]int, []error) {
		var ids []int
		var errs []error
		for job, err := range c.DesignEmails.AllInboxPreviewJobs(t.Context(), opts) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			ids = append(ids, job.RunID)
			if len(ids) == stopAfter {
				break
			}
		}
		return ids, errs
	}
	t.Run("walks every page", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, page1, page2)
		ids, errs := runIDs(t, srv.client(), 0)
		if want := []int{3, 2, 1}; !reflect.DeepEqual(ids, want) || errs != nil {
			t.Errorf("run ids %v errors %v, want %v", ids, errs, want)
		}
	})
	t.Run("a break stops the walk", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, page1)
		ids, _ := runIDs(t, srv.client(), 1)
		if !reflect.DeepEqual(ids, []int{3}) || srv.calls.Load() != 1 {
			t.Errorf("run ids %v after %d requests", ids, srv.calls.Load())
		}
	})
	t.Run("an error is yielded once", func(t *testing.T) {
		t.Parallel()
		failed := page2
		failed.fixture, failed.status = "", http.StatusInternalServerError
		srv := newServer(t, page1, failed)
		ids, errs := runIDs(t, srv.client(), 0)
		var apiErr *customerio.APIError
		if !reflect.DeepEqual(ids, []int{3, 2}) || len(errs) != 1 || !errors.As(errs[0], &apiErr) {
			t.Errorf("run ids %v errors %v, want two jobs then one *APIError", ids, errs)
		}
	})
	t.Run("one page decodes", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, page1)
		got, err := srv.client().DesignEmails.ListInboxPreviewJobs(t.Context(), opts)
		if err != nil {
			t.Fatal(err)
		}
		first := got.Items[0]
		if got.Next != "c-2" || first.NodeID != "018fbb92-6d1e-7c33-9c2c-df6a2b5aa931" || first.NodeCount != 1 || first.TotalPreviewsReady != 12 || !first.IsProcessed || first.UpdatedAt != unix(1773856032) {
			t.Errorf("page %+v", got)
		}
	})
}

func TestDesignEmailInboxPreviewsValidation(t *testing.T) {
	t.Parallel()
	many := make([]string, MaxInboxPreviewClients+1)
	for i := range many {
		many[i] = "c"
	}
	tests := []struct {
		name  string
		field string
		call  func(context.Context, *Client) error
	}{
		{"SubmitInboxPreview without clients", "client_ids", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.SubmitInboxPreview(ctx, emailID, SubmitInboxPreviewRequest{})
			return err
		}},
		{"SubmitInboxPreview with 151 clients", "client_ids", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.SubmitInboxPreview(ctx, emailID, SubmitInboxPreviewRequest{ClientIDs: many})
			return err
		}},
		{"SubmitInboxPreview with a blank client", "client_ids[1]", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.SubmitInboxPreview(ctx, emailID, SubmitInboxPreviewRequest{ClientIDs: []string{"a", " "}})
			return err
		}},
		{"SubmitInboxPreview with sample data over 128 KB", "sample_data", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.SubmitInboxPreview(ctx, emailID, SubmitInboxPreviewRequest{ClientIDs: []string{"a"}, SampleData: map[string]any{"blob": strings.Repeat("x", MaxInboxPreviewSampleData)}})
			return err
		}},
		{"GetInboxPreviewJob of run 0", "run_id", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.GetInboxPreviewJob(ctx, emailID, 0)
			return err
		}},
		{"GetInboxPreviewCapture of a blank client", "client_id", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.GetInboxPreviewCapture(ctx, emailID, 1, "", CaptureOptions{})
			return err
		}},
		{"GetInboxPreviewCapture of an unknown variant", "variant", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.GetInboxPreviewCapture(ctx, emailID, 1, "c", CaptureOptions{Variant: "huge"})
			return err
		}},
		{"GetInboxPreviewCapture with a key on a thumbnail", "key", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.GetInboxPreviewCapture(ctx, emailID, 1, "c", CaptureOptions{Variant: CaptureThumbnail, Key: "default"})
			return err
		}},
		{"ListInboxPreviewJobs with a limit of 201", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.DesignEmails.ListInboxPreviewJobs(ctx, InboxPreviewJobsOptions{Limit: customerio.Ptr(201)})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			assertValidation(t, tt.call(t.Context(), srv.client()), tt.field)
		})
	}
}
