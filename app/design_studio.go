package app

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// DesignSort is the field a Design Studio list is ordered by.
type DesignSort string

// The orders a Design Studio list takes (sort_by); Customer.io's default is
// DesignSortCreated.
const (
	DesignSortCreated DesignSort = "created"
	DesignSortUpdated DesignSort = "updated"
	DesignSortName    DesignSort = "name"
)

// DesignListOptions selects and orders one page of a Design Studio list
// (components, folders). Zero values leave a filter out.
type DesignListOptions struct {
	PageOptions
	// ParentFolderID lists what is under this folder (its UUID); empty lists from
	// the root. With DirectDescendantsOnly true, only the folder's immediate
	// children are listed, otherwise its entire subtree.
	ParentFolderID        string
	DirectDescendantsOnly *bool
	SortBy                DesignSort
	SortOrder             SortOrder
	// CreatedBefore … UpdatedAfter keep records created or updated before or
	// after a time, sent as Unix seconds.
	CreatedBefore time.Time
	CreatedAfter  time.Time
	UpdatedBefore time.Time
	UpdatedAfter  time.Time
}

// query adds the options to q, refusing an unknown order or direction and a
// folder id of only spaces.
func (o DesignListOptions) query(p *problems, q params) {
	o.PageOptions.query(p, q)
	if o.ParentFolderID != "" {
		p.blank("parent_folder_id", o.ParentFolderID)
	}
	q.str("parent_folder_id", o.ParentFolderID)
	q.boolPtr("direct_descendants_only", o.DirectDescendantsOnly)
	switch o.SortBy {
	case "", DesignSortCreated, DesignSortUpdated, DesignSortName:
	default:
		p.add("sort_by", "must be created, updated or name, got %q", o.SortBy)
	}
	q.str("sort_by", string(o.SortBy))
	o.SortOrder.query(p, q, "sort_order")
	q.unix("created_before", o.CreatedBefore)
	q.unix("created_after", o.CreatedAfter)
	q.unix("updated_before", o.UpdatedBefore)
	q.unix("updated_after", o.UpdatedAfter)
}

// designStudioPath is /v1/design_studio/{kind}/{id}, checking that the id is not
// blank.
func designStudioPath(p *problems, kind, id string) string {
	p.blank("id", id)
	return transport.Path("/v1/design_studio/"+kind, id)
}

// folderRef is a parent_folder_id in an update body: nil leaves the place
// unchanged, "" moves to the root (null on the wire), anything else moves into
// that folder.
func folderRef(p *problems, id *string) *json.RawMessage {
	if id == nil {
		return nil
	}
	raw := json.RawMessage("null")
	if *id != "" {
		p.blank("parent_folder_id", *id)
		b, _ := json.Marshal(*id)
		raw = b
	}
	return &raw
}

// forbiddenFolderRunes are the characters a Design Studio folder name cannot
// hold.
const forbiddenFolderRunes = `<>:"/\|?*.`

// checkLength records a name that is blank or longer than maxLen characters.
func checkLength(p *problems, field, name string, maxLen int) {
	p.blank(field, name)
	if n := len([]rune(name)); n > maxLen {
		p.add(field, "must be at most %d characters, got %d", maxLen, n)
	}
}

// checkFolderName records a folder name Customer.io refuses: blank, longer than
// 170 characters, or holding one of < > : " / \ | ? * .
func checkFolderName(p *problems, field, name string) {
	checkLength(p, field, name, 170)
	if strings.ContainsAny(name, forbiddenFolderRunes) {
		p.add(field, "must not contain any of %s", forbiddenFolderRunes)
	}
}
