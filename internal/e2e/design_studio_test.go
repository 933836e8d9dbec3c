package e2e

import (
	"bytes"
	"errors"
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
)

// TestDesignStudioRoundTrip builds folders and components through the App API
// against the fake, walks them page by page, moves and edits them, and deletes
// a folder with what is in it.
func TestDesignStudioRoundTrip(t *testing.T) {
	srv := newFake(t)
	ac := appClient(t, srv)
	ctx := t.Context()

	root, err := ac.DesignFolders.Create(ctx, app.CreateDesignFolderRequest{Name: "Brand"})
	if err != nil {
		t.Fatal(err)
	}
	child, err := ac.DesignFolders.Create(ctx, app.CreateDesignFolderRequest{Name: "Footers", ParentFolderID: root.ID})
	if err != nil || child.ParentFolderID != root.ID {
		t.Fatalf("child %+v, %v", child, err)
	}
	for _, name := range []string{"c", "a", "b"} {
		if _, err := ac.Components.Create(ctx, app.CreateComponentRequest{Name: name, Tag: "tag-" + name, Content: "<template>" + name + "</template>", ParentFolderID: child.ID}); err != nil {
			t.Fatal(err)
		}
	}
	loose, err := ac.Components.Create(ctx, app.CreateComponentRequest{Name: "z", Tag: "tag-z", Content: "x"})
	if err != nil {
		t.Fatal(err)
	}

	var names []string
	opts := app.ComponentListOptions{DesignListOptions: app.DesignListOptions{PageOptions: app.PageOptions{Limit: customerio.Ptr(2)}, ParentFolderID: root.ID, SortBy: app.DesignSortName}}
	for c, err := range ac.Components.All(ctx, opts) {
		if err != nil {
			t.Fatal(err)
		}
		if c.Content != "" {
			t.Errorf("a list carried content: %+v", c)
		}
		names = append(names, c.Name)
	}
	if got := len(names); got != 3 || names[0] != "a" || names[2] != "c" {
		t.Errorf("components under the root folder, by name: %v", names)
	}
	page, err := ac.Components.List(ctx, app.ComponentListOptions{Tag: "tag-z"})
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != loose.ID {
		t.Errorf("by tag: %+v, %v", page, err)
	}

	if err := ac.Components.Update(ctx, loose.ID, app.UpdateComponentRequest{Content: customerio.Ptr("y"), ParentFolderID: customerio.Ptr(child.ID)}); err != nil {
		t.Fatal(err)
	}
	got, err := ac.Components.Get(ctx, loose.ID)
	if err != nil || got.Content != "y" || got.ParentFolderID != child.ID {
		t.Errorf("after update: %+v, %v", got, err)
	}
	if err := ac.DesignFolders.Update(ctx, root.ID, app.UpdateDesignFolderRequest{ParentFolderID: customerio.Ptr(child.ID)}); !isStatus(err, http.StatusBadRequest) {
		t.Errorf("moving a folder below itself: %v, want 400", err)
	}

	if err := ac.DesignFolders.Delete(ctx, root.ID); err != nil {
		t.Fatal(err)
	}
	if left := srv.Components(); len(left) != 0 {
		t.Errorf("components left after deleting their folder: %+v", left)
	}
	if _, err := ac.DesignFolders.Get(ctx, child.ID); !isStatus(err, http.StatusNotFound) {
		t.Errorf("subfolder after deleting its parent: %v, want 404", err)
	}
}

// TestAssetUploadRoundTrip uploads a file through the App API and reads it
// back from the fake byte for byte, then files it in a folder.
func TestAssetUploadRoundTrip(t *testing.T) {
	srv := newFake(t)
	ac := appClient(t, srv)
	ctx := t.Context()

	folder, err := ac.Assets.CreateFolder(ctx, app.CreateAssetFolderRequest{Name: "Banners"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ac.Assets.CreateFolder(ctx, app.CreateAssetFolderRequest{Name: "Banners"}); !isStatus(err, http.StatusConflict) {
		t.Errorf("a second folder of the same name: %v, want 409", err)
	}
	data := bytes.Repeat([]byte("%PDF-1.7 "), 150_000) // 1.35 MB
	asset, err := ac.Assets.Upload(ctx, app.AssetUpload{File: bytes.NewReader(data), Size: int64(len(data)), FileName: "guide.pdf", ParentFolderID: folder.ID})
	if err != nil {
		t.Fatal(err)
	}
	if asset.Size != int64(len(data)) || asset.Name != "guide.pdf" || asset.ParentFolderID != folder.ID || asset.Path == "" {
		t.Errorf("uploaded %+v", asset)
	}
	stored := srv.Assets()
	if len(stored) != 1 || !bytes.Equal(stored[0].Data, data) || stored[0].ContentType != "application/pdf" {
		t.Fatalf("the fake holds %d assets", len(stored))
	}
	if err := ac.Assets.DeleteFolder(ctx, folder.ID); !isStatus(err, http.StatusConflict) {
		t.Errorf("deleting a folder with a file: %v, want 409", err)
	}
	if err := ac.Assets.Update(ctx, asset.ID, app.UpdateAssetRequest{Name: customerio.Ptr("Guide"), ParentFolderID: customerio.Ptr(0)}); err != nil {
		t.Fatal(err)
	}
	page, err := ac.Assets.List(ctx, app.AssetListOptions{DirectDescendantsOnly: customerio.Ptr(true)})
	if err != nil || len(page.Items) != 1 || page.Items[0].Name != "Guide" || page.Items[0].ParentFolderID != 0 {
		t.Errorf("root assets %+v, %v", page, err)
	}
	if err := ac.Assets.DeleteFolder(ctx, folder.ID); err != nil {
		t.Fatal(err)
	}
	folders, err := ac.Assets.ListFolders(ctx, app.AssetListOptions{})
	if err != nil || len(folders.Items) != 0 {
		t.Errorf("folders after delete %+v, %v", folders, err)
	}
}

func isStatus(err error, status int) bool {
	var apiErr *customerio.APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status
}
