package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"strconv"
	"strings"

	"github.com/gocustomerio/customerio/internal/transport"
)

// MaxAssetSize is the largest file Customer.io takes as a file asset: 2 MB.
const MaxAssetSize = 2 << 20

// assetTypes are the content types Customer.io takes as file assets.
var assetTypes = map[string]bool{
	"image/bmp":       true,
	"image/jpeg":      true,
	"image/jpg":       true,
	"image/png":       true,
	"image/gif":       true,
	"application/pdf": true,
}

// AssetUpload is a file to add to the asset library.
type AssetUpload struct {
	// File is read once, while it is sent; exactly Size bytes of it are the
	// file. It is not closed.
	File io.Reader
	// Size is the file's length in bytes, 1 to MaxAssetSize; a File that ends
	// sooner or goes on longer fails the upload.
	Size int64
	// FileName is the file's name (no directory); Customer.io shows it unless
	// Name is set.
	FileName string
	// ContentType is one of image/bmp, image/jpeg, image/jpg, image/png,
	// image/gif and application/pdf; empty takes it from FileName's extension.
	ContentType string
	// Name is the asset's display name; empty uses FileName.
	Name string
	// ParentFolderID is the asset folder to put the file in; 0 for the root.
	ParentFolderID int
}

// Upload adds a file to the asset library and returns the new asset, whose Path
// is the URL to use in messages (POST /v1/assets/files). Customer.io takes BMP,
// JPEG, PNG and GIF images up to 4096 pixels a side and PDFs, up to 2 MB; a
// larger Size, an unlisted content type, or a missing file is a
// *customerio.ValidationError before anything is sent.
//
// The file is streamed as multipart/form-data with an exact Content-Length, so
// it is never held in memory. A stream cannot be sent twice, so Upload is tried
// once whatever the retry strategy: any failure, a 429 included, is returned,
// and as nothing is created on a failure that proves it (a 4xx), the caller may
// upload again with a fresh reader.
func (s *AssetsService) Upload(ctx context.Context, up AssetUpload) (*Asset, error) {
	p := newProblems("app.Assets.Upload")
	contentType := checkUpload(p, &up)
	if err := p.err(); err != nil {
		return nil, err
	}
	head, tail, boundary := multipartFrame(up, contentType)
	body := io.MultiReader(bytes.NewReader(head), &exactReader{r: up.File, left: up.Size}, bytes.NewReader(tail))
	req := &transport.Request{
		Method:        http.MethodPost,
		Path:          "/v1/assets/files",
		BodyReader:    body,
		ContentLength: int64(len(head)) + up.Size + int64(len(tail)),
		ContentType:   "multipart/form-data; boundary=" + boundary,
	}
	return fetch[*Asset](ctx, s.api, p, req, "asset")
}

// checkUpload records what Customer.io would refuse about up and returns the
// content type to send.
func checkUpload(p *problems, up *AssetUpload) string {
	if up.File == nil {
		p.add("file", "must not be nil")
	}
	switch {
	case up.Size < 1:
		p.add("file", "size must be at least 1 byte, got %d", up.Size)
	case up.Size > MaxAssetSize:
		p.add("file", "is %d bytes; Customer.io takes at most %d (2 MB)", up.Size, MaxAssetSize)
	}
	p.blank("file_name", up.FileName)
	if strings.ContainsAny(up.FileName, "/\\\r\n\x00") {
		p.add("file_name", "must be a bare file name, without a directory or control characters")
	}
	if up.ParentFolderID < 0 {
		p.add("parent_folder_id", "must be a positive id, or 0 for the root, not %d", up.ParentFolderID)
	}
	if strings.ContainsAny(up.Name, "\r\n\x00") {
		p.add("name", "must not contain line breaks or NUL")
	}
	ct := up.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(strings.ToLower(path.Ext(up.FileName)))
	}
	if media, _, err := mime.ParseMediaType(ct); err == nil {
		ct = media
	}
	if !assetTypes[ct] {
		p.add("content_type", "must be one of image/bmp, image/jpeg, image/jpg, image/png, image/gif or application/pdf, got %q", ct)
	}
	return ct
}

// multipartFrame returns the multipart/form-data body around the file's
// content: the name and folder fields and the file part's header before it, the
// closing boundary after it.
func multipartFrame(up AssetUpload, contentType string) (head, tail []byte, boundary string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if up.Name != "" {
		_ = w.WriteField("name", up.Name)
	}
	if up.ParentFolderID > 0 {
		_ = w.WriteField("parent_folder_id", strconv.Itoa(up.ParentFolderID))
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": "file", "filename": up.FileName}))
	h.Set("Content-Type", contentType)
	_, _ = w.CreatePart(h)
	n := buf.Len()
	_ = w.Close()
	all := buf.Bytes()
	return all[:n:n], all[n:], w.Boundary()
}

// errSizeMismatch reports a File that does not hold exactly Size bytes.
var errSizeMismatch = errors.New("the file does not hold the number of bytes given as its Size")

// exactReader reads exactly left bytes from r, failing the upload when r ends
// sooner or holds more.
type exactReader struct {
	r    io.Reader
	left int64
}

func (e *exactReader) Read(b []byte) (int, error) {
	if e.left == 0 {
		var probe [1]byte
		if n, _ := io.ReadFull(e.r, probe[:]); n > 0 {
			return 0, fmt.Errorf("upload: %w (it is longer)", errSizeMismatch)
		}
		return 0, io.EOF
	}
	if int64(len(b)) > e.left {
		b = b[:e.left]
	}
	n, err := e.r.Read(b)
	e.left -= int64(n)
	if err == io.EOF && e.left > 0 {
		return n, fmt.Errorf("upload: %w (it is %d bytes short)", errSizeMismatch, e.left)
	}
	if err == io.EOF {
		err = nil
	}
	return n, err
}
