package customeriotest

import (
	"bytes"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"testing"
)

// uploadBody is a multipart/form-data upload of data as a file of type ctype.
func uploadBody(t *testing.T, data []byte, ctype string) (body []byte, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="f"`)
	h.Set("Content-Type", ctype)
	part, err := w.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = part.Write(data)
	_ = w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestAssetUploadIsCheckedLikeCustomerIOChecksIt pins the fake's refusals of
// a file over 2 MB, a type Customer.io does not take and an image over 4096
// pixels a side, and that an accepted file is kept byte for byte.
func TestAssetUploadIsCheckedLikeCustomerIOChecksIt(t *testing.T) {
	srv := newTestServer(t)
	small := pngOf(t, 8, 8)
	for _, tc := range []struct {
		name   string
		data   []byte
		ctype  string
		status int
	}{
		{"over 2 MB", make([]byte, maxAssetBytes+1), "application/pdf", http.StatusBadRequest},
		{"an SVG", []byte("<svg/>"), "image/svg+xml", http.StatusBadRequest},
		{"4097 pixels wide", pngOf(t, 4097, 1), "image/png", http.StatusBadRequest},
		{"a small PNG", small, "image/png", http.StatusOK},
	} {
		body, ct := uploadBody(t, tc.data, tc.ctype)
		resp := srv.do(t, request{method: http.MethodPost, path: "/v1/assets/files", auth: appAuth, body: body, header: map[string]string{"Content-Type": ct}})
		if resp.status != tc.status {
			t.Errorf("%s: status %d, want %d; %s", tc.name, resp.status, tc.status, resp.body)
		}
	}
	stored := srv.Assets()
	if len(stored) != 1 || !bytes.Equal(stored[0].Data, small) || stored[0].Name != "f" {
		t.Errorf("stored %d assets", len(stored))
	}
}
