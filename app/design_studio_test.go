package app

import (
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

const folderUUID = "123e4567-e89b-12d3-a456-426614174000"

func TestComponentsListSendsEveryFilterAndDecodesComponentsAndFolders(t *testing.T) {
	t.Parallel()
	srv := newServer(t, exchange{
		method: http.MethodGet, path: "/v1/design_studio/components",
		query:   "created_after=1700000000&created_before=1800000000&direct_descendants_only=true&limit=2&page=1&parent_folder_id=" + folderUUID + "&sort_by=name&sort_order=desc&tag=custom-footer&updated_after=1700000001&updated_before=1800000001",
		fixture: "design_studio_components_page1.json",
	})
	page, err := srv.client().Components.List(t.Context(), ComponentListOptions{
		DesignListOptions: DesignListOptions{
			PageOptions:           PageOptions{Page: 1, Limit: customerio.Ptr(2)},
			ParentFolderID:        folderUUID,
			DirectDescendantsOnly: customerio.Ptr(true),
			SortBy:                DesignSortName,
			SortOrder:             SortDescending,
			CreatedAfter:          time.Unix(1700000000, 0),
			CreatedBefore:         time.Unix(1800000000, 0),
			UpdatedAfter:          time.Unix(1700000001, 0),
			UpdatedBefore:         time.Unix(1800000001, 0),
		},
		Tag: "custom-footer",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].ID != "c-1" || page.Items[0].ParentFolderID != "" || page.Items[1].ParentFolderID != folderUUID {
		t.Errorf("components = %+v", page.Items)
	}
	if page.Next != "2" {
		t.Errorf("Next = %q, want 2 (3 components, 2 a page)", page.Next)
	}
	if len(page.Folders) != 1 || page.Folders[0].Name != "Product Announcements" || !page.Folders[0].Created.Equal(time.Unix(1714732800, 0)) {
		t.Errorf("folders = %+v", page.Folders)
	}
}

func TestComponentsAllWalksThePages(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/design_studio/components", query: "limit=2", fixture: "design_studio_components_page1.json"},
		exchange{method: http.MethodGet, path: "/v1/design_studio/components", query: "limit=2&page=2", fixture: "design_studio_components_page2.json"})
	var ids []string
	for c, err := range srv.client().Components.All(t.Context(), ComponentListOptions{DesignListOptions: DesignListOptions{PageOptions: PageOptions{Limit: customerio.Ptr(2)}}}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	if want := []string{"c-1", "c-2", "c-3"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
}

func TestComponentsCreateGetUpdateDelete(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodPost, path: "/v1/design_studio/components", body: `{"name":"Custom footer","tag":"custom-footer","content":"<template><p>Bye</p></template>","parent_folder_id":"` + folderUUID + `"}`, fixture: "design_studio_component.json"},
		exchange{method: http.MethodGet, path: "/v1/design_studio/components/a%2Fb", fixture: "design_studio_component.json"},
		exchange{method: http.MethodPut, path: "/v1/design_studio/components/e89b-12d3", body: `{"name":"Footer","parent_folder_id":null}`, status: http.StatusNoContent},
		exchange{method: http.MethodPut, path: "/v1/design_studio/components/e89b-12d3", body: `{"content":"x","tag":"t","parent_folder_id":"` + folderUUID + `"}`, status: http.StatusNoContent},
		exchange{method: http.MethodDelete, path: "/v1/design_studio/components/e89b-12d3", status: http.StatusNoContent})
	c := srv.client()
	created, err := c.Components.Create(t.Context(), CreateComponentRequest{Name: "Custom footer", Tag: "custom-footer", Content: "<template><p>Bye</p></template>", ParentFolderID: folderUUID})
	if err != nil {
		t.Fatal(err)
	}
	want := &Component{ID: "e89b-12d3", Name: "Custom footer", Tag: "custom-footer", ParentFolderID: folderUUID, Content: "string", Created: time.Unix(1773856017, 0).UTC(), Updated: time.Unix(1, 0).UTC()}
	if !reflect.DeepEqual(created, want) {
		t.Errorf("Create = %+v\nwant %+v", created, want)
	}
	if got, err := c.Components.Get(t.Context(), "a/b"); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Get = %+v, %v", got, err)
	}
	if err := c.Components.Update(t.Context(), "e89b-12d3", UpdateComponentRequest{Name: customerio.Ptr("Footer"), ParentFolderID: customerio.Ptr("")}); err != nil {
		t.Fatal(err)
	}
	if err := c.Components.Update(t.Context(), "e89b-12d3", UpdateComponentRequest{Content: customerio.Ptr("x"), Tag: customerio.Ptr("t"), ParentFolderID: customerio.Ptr(folderUUID)}); err != nil {
		t.Fatal(err)
	}
	if err := c.Components.Delete(t.Context(), "e89b-12d3"); err != nil {
		t.Fatal(err)
	}
}

func TestDesignFoldersRoutes(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		exchange{method: http.MethodGet, path: "/v1/design_studio/folders", query: "direct_descendants_only=true&parent_folder_id=" + folderUUID + "&sort_order=desc", fixture: "design_studio_folders_list.json"},
		exchange{method: http.MethodPost, path: "/v1/design_studio/folders", body: `{"name":"Product Announcements"}`, fixture: "design_studio_folder.json"},
		exchange{method: http.MethodGet, path: "/v1/design_studio/folders/" + folderUUID, fixture: "design_studio_folder.json"},
		exchange{method: http.MethodPut, path: "/v1/design_studio/folders/" + folderUUID, body: `{"parent_folder_id":"26caaf35-00f1-4c8f-a2ac-cb04b9b9a6ec"}`, status: http.StatusNoContent},
		exchange{method: http.MethodDelete, path: "/v1/design_studio/folders/" + folderUUID, status: http.StatusNoContent})
	c := srv.client()
	page, err := c.DesignFolders.List(t.Context(), DesignListOptions{ParentFolderID: folderUUID, DirectDescendantsOnly: customerio.Ptr(true), SortOrder: SortDescending})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[1].ParentFolderID != folderUUID || page.Next != "" {
		t.Errorf("page = %+v", page)
	}
	want := &DesignFolder{ID: folderUUID, Name: "Product Announcements", Created: time.Unix(1714732800, 0).UTC(), Updated: time.Unix(1714732800, 0).UTC()}
	if got, err := c.DesignFolders.Create(t.Context(), CreateDesignFolderRequest{Name: "Product Announcements"}); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Create = %+v, %v", got, err)
	}
	if got, err := c.DesignFolders.Get(t.Context(), folderUUID); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Get = %+v, %v", got, err)
	}
	if err := c.DesignFolders.Update(t.Context(), folderUUID, UpdateDesignFolderRequest{ParentFolderID: customerio.Ptr("26caaf35-00f1-4c8f-a2ac-cb04b9b9a6ec")}); err != nil {
		t.Fatal(err)
	}
	if err := c.DesignFolders.Delete(t.Context(), folderUUID); err != nil {
		t.Fatal(err)
	}
}

func TestDesignStudioRefusesBadInputBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	c := newServer(t).client()
	ctx := t.Context()
	long := string(make([]rune, 256))
	for _, tc := range []struct {
		name  string
		field string
		call  func() error
	}{
		{"blank component id", "id", func() error { _, err := c.Components.Get(ctx, " "); return err }},
		{"component without tag", "tag", func() error {
			_, err := c.Components.Create(ctx, CreateComponentRequest{Name: "n", Content: "c"})
			return err
		}},
		{"component without content", "content", func() error {
			_, err := c.Components.Create(ctx, CreateComponentRequest{Name: "n", Tag: "t"})
			return err
		}},
		{"component name too long", "name", func() error {
			_, err := c.Components.Create(ctx, CreateComponentRequest{Name: long, Tag: "t", Content: "c"})
			return err
		}},
		{"empty component update", "", func() error { return c.Components.Update(ctx, "c-1", UpdateComponentRequest{}) }},
		{"unknown sort", "sort_by", func() error {
			_, err := c.Components.List(ctx, ComponentListOptions{DesignListOptions: DesignListOptions{SortBy: "size"}})
			return err
		}},
		{"unknown order", "sort_order", func() error {
			_, err := c.DesignFolders.List(ctx, DesignListOptions{SortOrder: "up"})
			return err
		}},
		{"folder name with a slash", "name", func() error {
			_, err := c.DesignFolders.Create(ctx, CreateDesignFolderRequest{Name: "a/b"})
			return err
		}},
		{"blank folder move target", "parent_folder_id", func() error {
			return c.DesignFolders.Update(ctx, folderUUID, UpdateDesignFolderRequest{ParentFolderID: customerio.Ptr(" ")})
		}},
		{"blank folder id", "id", func() error { return c.DesignFolders.Delete(ctx, "") }},
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
