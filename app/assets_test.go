package app

import (
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

func TestAssetsRoutes(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/assets", query: "direct_descendants_only=false&limit=1000&page=1&parent_folder_id=1", fixture: "assets_list.json"},
		exchange{method: http.MethodGet, path: "/v1/assets/files/7", fixture: "asset.json"},
		exchange{method: http.MethodPut, path: "/v1/assets/files/7", body: `{"name":"hero.png","parent_folder_id":null}`, status: http.StatusNoContent},
		exchange{method: http.MethodDelete, path: "/v1/assets/files/7", status: http.StatusNoContent})
	c := srv.client()
	page, err := c.Assets.List(t.Context(), AssetListOptions{PageOptions: PageOptions{Page: 1, Limit: customerio.Ptr(1000)}, ParentFolderID: 1, DirectDescendantsOnly: customerio.Ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	wantItem := Asset{ID: 1, Name: "string", Path: "string", Size: 1, Created: time.Unix(1773856017, 0).UTC(), Updated: time.Unix(1773856017, 0).UTC()}
	if len(page.Items) != 1 || !reflect.DeepEqual(page.Items[0], wantItem) || page.Next != "" {
		t.Errorf("page = %+v", page)
	}
	got, err := c.Assets.Get(t.Context(), 7)
	if err != nil || got.ParentFolderID != 3 || got.Size != 2048 || got.Path != "https://assets.example.com/banner.png" {
		t.Errorf("Get = %+v, %v", got, err)
	}
	if err := c.Assets.Update(t.Context(), 7, UpdateAssetRequest{Name: customerio.Ptr("hero.png"), ParentFolderID: customerio.Ptr(0)}); err != nil {
		t.Fatal(err)
	}
	if err := c.Assets.Delete(t.Context(), 7); err != nil {
		t.Fatal(err)
	}
}

func TestAssetFoldersRoutes(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/assets/folders", query: "limit=2&page=2&parent_folder_id=3", fixture: "asset_folders_list.json"},
		exchange{method: http.MethodPost, path: "/v1/assets/folders", body: `{"name":"Banners"}`, fixture: "asset_folder.json"},
		exchange{method: http.MethodGet, path: "/v1/assets/folders/3", fixture: "asset_folder.json"},
		exchange{method: http.MethodPut, path: "/v1/assets/folders/4", body: `{"parent_folder_id":3}`, status: http.StatusNoContent},
		exchange{method: http.MethodDelete, path: "/v1/assets/folders/4", status: http.StatusNoContent})
	c := srv.client()
	page, err := c.Assets.ListFolders(t.Context(), AssetListOptions{PageOptions: PageOptions{Page: 2, Limit: customerio.Ptr(2)}, ParentFolderID: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[1].ParentFolderID != 3 || page.Next != "" {
		t.Errorf("page = %+v (page 2 of 2 is the last)", page)
	}
	want := &AssetFolder{ID: 3, Name: "Banners", Created: time.Unix(1773856017, 0).UTC(), Updated: time.Unix(1773856017, 0).UTC()}
	if got, err := c.Assets.CreateFolder(t.Context(), CreateAssetFolderRequest{Name: "Banners"}); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("CreateFolder = %+v, %v", got, err)
	}
	if got, err := c.Assets.GetFolder(t.Context(), 3); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("GetFolder = %+v, %v", got, err)
	}
	if err := c.Assets.UpdateFolder(t.Context(), 4, UpdateAssetFolderRequest{ParentFolderID: customerio.Ptr(3)}); err != nil {
		t.Fatal(err)
	}
	if err := c.Assets.DeleteFolder(t.Context(), 4); err != nil {
		t.Fatal(err)
	}
}

func TestAssetsRefuseBadInputBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	c := newServer(t).client()
	ctx := t.Context()
	for _, tc := range []struct {
		name  string
		field string
		call  func() error
	}{
		{"asset id 0", "id", func() error { _, err := c.Assets.Get(ctx, 0); return err }},
		{"negative folder filter", "parent_folder_id", func() error {
			_, err := c.Assets.List(ctx, AssetListOptions{ParentFolderID: -1})
			return err
		}},
		{"empty asset update", "", func() error { return c.Assets.Update(ctx, 7, UpdateAssetRequest{}) }},
		{"blank asset name", "name", func() error { return c.Assets.Update(ctx, 7, UpdateAssetRequest{Name: customerio.Ptr(" ")}) }},
		{"folder without name", "name", func() error { _, err := c.Assets.CreateFolder(ctx, CreateAssetFolderRequest{}); return err }},
		{"folder into itself", "parent_folder_id", func() error {
			return c.Assets.UpdateFolder(ctx, 4, UpdateAssetFolderRequest{ParentFolderID: customerio.Ptr(4)})
		}},
		{"folder id 0", "id", func() error { return c.Assets.DeleteFolder(ctx, 0) }},
	} {
		err := tc.call()
		var ve *customerio.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: err %v, want a ValidationError", tc.name, err)
			continue
		}
		found := false
		for _, f := range ve.Fields {
			found = found || f.Field == tc.field
		}
		if !found {
			t.Errorf("%s: fields %+v, want %q", tc.name, ve.Fields, tc.field)
		}
	}
}
