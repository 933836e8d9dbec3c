package customeriotest

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// studioState is Design Studio's components and folders and the asset library.
// The maps are made on first use; the caller holds the store lock.
type studioState struct {
	components   map[string]*dsComponent
	folders      map[string]*dsFolder
	assets       map[int]*assetFile
	assetFolders map[int]*assetFolder
	nextAsset    int
	nextFolder   int
}

func (st *studioState) init() {
	if st.components == nil {
		st.components = map[string]*dsComponent{}
		st.folders = map[string]*dsFolder{}
		st.assets = map[int]*assetFile{}
		st.assetFolders = map[int]*assetFolder{}
	}
}

// dsComponent is a Design Studio custom component.
type dsComponent struct {
	ID, Name, Tag, Parent, Content string
	Created, Updated               int64
	seq                            int64
}

// dsFolder is a Design Studio folder.
type dsFolder struct {
	ID, Name, Parent string
	Created, Updated int64
	seq              int64
}

func (c *dsComponent) json(withContent bool) map[string]any {
	m := map[string]any{"id": c.ID, "name": c.Name, "tag": c.Tag, "parent_folder_id": nullable(c.Parent), "created": c.Created, "updated": c.Updated}
	if withContent {
		m["content"] = c.Content
	}
	return m
}

func (f *dsFolder) json() map[string]any {
	return map[string]any{"id": f.ID, "name": f.Name, "parent_folder_id": nullable(f.Parent), "created": f.Created, "updated": f.Updated}
}

// newUUID returns a random version 4 UUID, the shape of Design Studio ids.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// failDetail answers status in the Design Studio and Assets error shape,
// {"errors":[{"detail":…,"status":…}]}.
func (x *exchange) failDetail(status int, format string, args ...any) {
	x.reply(status, map[string]any{"errors": []map[string]any{{"detail": fmt.Sprintf(format, args...), "status": status}}})
}

// designFilter is the query of a Design Studio list.
type designFilter struct {
	parent                      string
	direct                      bool
	sortBy, order               string
	createdBefore, createdAfter int64
	updatedBefore, updatedAfter int64
	page, limit                 int
}

// readDesignFilter reads a Design Studio or Assets list query, answering 400
// for a bad value; parent folders are checked by the caller.
func readDesignFilter(x *exchange) (designFilter, bool) {
	q := x.query
	f := designFilter{parent: q.Get("parent_folder_id"), sortBy: "created", order: "asc", page: 1, limit: 1000}
	bad := func(name string) (designFilter, bool) {
		x.failDetail(http.StatusBadRequest, "invalid query parameter %s", name)
		return f, false
	}
	if v := q.Get("direct_descendants_only"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return bad("direct_descendants_only")
		}
		f.direct = b
	}
	if v := q.Get("sort_by"); v != "" {
		if v != "created" && v != "updated" && v != "name" {
			return bad("sort_by")
		}
		f.sortBy = v
	}
	if v := q.Get("sort_order"); v != "" {
		if v != "asc" && v != "desc" {
			return bad("sort_order")
		}
		f.order = v
	}
	for _, t := range []struct {
		name string
		to   *int64
	}{{"created_before", &f.createdBefore}, {"created_after", &f.createdAfter}, {"updated_before", &f.updatedBefore}, {"updated_after", &f.updatedAfter}} {
		if v := q.Get(t.name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return bad(t.name)
			}
			*t.to = n
		}
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return bad("page")
		}
		f.page = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return bad("limit")
		}
		f.limit = n
	}
	return f, true
}

// times reports whether a record created and updated at these times passes f.
func (f designFilter) times(created, updated int64) bool {
	return (f.createdBefore == 0 || created < f.createdBefore) && (f.createdAfter == 0 || created > f.createdAfter) &&
		(f.updatedBefore == 0 || updated < f.updatedBefore) && (f.updatedAfter == 0 || updated > f.updatedAfter)
}

// pageOf cuts page f.page of items and the pagination meta.
func pageOf[T any](items []T, f designFilter) ([]T, map[string]any) {
	start := min((f.page-1)*f.limit, len(items))
	end := min(start+f.limit, len(items))
	return items[start:end], map[string]any{"page": f.page, "limit": f.limit, "total": len(items)}
}

// under reports whether a record whose parent folder is parent falls under
// f.parent: directly, or anywhere in its subtree unless f.direct. With no
// parent given, direct keeps the root's children and otherwise everything.
func (st *studioState) under(parent string, f designFilter) bool {
	if f.parent == "" {
		return !f.direct || parent == ""
	}
	if parent == f.parent {
		return true
	}
	if f.direct {
		return false
	}
	for seen := 0; parent != "" && seen <= len(st.folders); seen++ {
		p := st.folders[parent]
		if p == nil {
			return false
		}
		if p.Parent == f.parent {
			return true
		}
		parent = p.Parent
	}
	return false
}

// sortDesign orders records by f's field and direction, then by creation.
func sortDesign[T any](items []T, f designFilter, key func(T) (name string, created, updated, seq int64)) {
	slices.SortStableFunc(items, func(a, b T) int {
		an, ac, au, as := key(a)
		bn, bc, bu, bs := key(b)
		var c int
		switch f.sortBy {
		case "name":
			c = strings.Compare(strings.ToLower(an), strings.ToLower(bn))
		case "updated":
			c = cmpInt(au, bu)
		default:
			c = cmpInt(ac, bc)
		}
		if c == 0 {
			c = cmpInt(as, bs)
		}
		if f.order == "desc" {
			c = -c
		}
		return c
	})
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// folderListed filters and orders the Design Studio folders for f.
func (st *studioState) folderListed(f designFilter) []*dsFolder {
	var out []*dsFolder
	for _, d := range st.folders {
		if st.under(d.Parent, f) && f.times(d.Created, d.Updated) {
			out = append(out, d)
		}
	}
	sortDesign(out, f, func(d *dsFolder) (string, int64, int64, int64) { return d.Name, d.Created, d.Updated, d.seq })
	return out
}

// parentParam checks the parent_folder_id filter names a folder, answering
// 404 when not.
func (s *Server) parentParam(x *exchange, f designFilter) bool {
	if f.parent != "" && s.state.studio.folders[f.parent] == nil {
		x.failDetail(http.StatusNotFound, "parent folder not found")
		return false
	}
	return true
}

// appListComponents is GET /v1/design_studio/components: the components (without
// their content) and the folders under the filter, page-numbered.
func (s *Server) appListComponents(x *exchange) {
	f, ok := readDesignFilter(x)
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	st := &s.state.studio
	st.init()
	if !s.parentParam(x, f) {
		return
	}
	tag := x.query.Get("tag")
	var list []*dsComponent
	for _, c := range st.components {
		if (tag == "" || c.Tag == tag) && st.under(c.Parent, f) && f.times(c.Created, c.Updated) {
			list = append(list, c)
		}
	}
	sortDesign(list, f, func(c *dsComponent) (string, int64, int64, int64) { return c.Name, c.Created, c.Updated, c.seq })
	page, pagination := pageOf(list, f)
	components := make([]map[string]any, 0, len(page))
	for _, c := range page {
		components = append(components, c.json(false))
	}
	folders := []map[string]any{}
	for _, d := range st.folderListed(f) {
		folders = append(folders, d.json())
	}
	x.ok(map[string]any{"components": components, "folders": folders, "meta": map[string]any{"pagination": pagination}})
}

// designFolderRef reads parent_folder_id from an object body: absent (set
// false), null (root) or the UUID of an existing folder; anything else is
// answered 400, an unknown folder 404.
func (s *Server) designFolderRef(x *exchange, body map[string]any) (id string, set, ok bool) {
	v, present := body["parent_folder_id"]
	if !present || v == nil {
		return "", present, true
	}
	id, isString := v.(string)
	if !isString || id == "" {
		x.failDetail(http.StatusBadRequest, "parent_folder_id must be a folder UUID or null")
		return "", true, false
	}
	if s.state.studio.folders[id] == nil {
		x.failDetail(http.StatusNotFound, "parent folder not found")
		return "", true, false
	}
	return id, true, true
}

// appCreateComponent is POST /v1/design_studio/components: name* (1 to 255
// characters), tag*, content*, parent_folder_id.
func (s *Server) appCreateComponent(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	name, tag, content := str(body, "name"), str(body, "tag"), str(body, "content")
	switch {
	case strings.TrimSpace(name) == "" || len([]rune(name)) > 255:
		x.failDetail(http.StatusBadRequest, "missing or invalid name")
		return
	case strings.TrimSpace(tag) == "":
		x.failDetail(http.StatusBadRequest, "missing or invalid tag")
		return
	case strings.TrimSpace(content) == "":
		x.failDetail(http.StatusBadRequest, "missing content")
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	st := &s.state.studio
	st.init()
	parent, _, ok := s.designFolderRef(x, body)
	if !ok {
		return
	}
	now := s.state.unix()
	c := &dsComponent{ID: newUUID(), Name: name, Tag: tag, Content: content, Parent: parent, Created: now, Updated: now, seq: s.state.next()}
	st.components[c.ID] = c
	x.ok(map[string]any{"component": c.json(true)})
}

// pathComponent finds the {id} component, answering 404 for an unknown one.
func (s *Server) pathComponent(x *exchange) *dsComponent {
	s.state.studio.init()
	c := s.state.studio.components[x.params["id"]]
	if c == nil {
		x.failDetail(http.StatusNotFound, "resource not found")
	}
	return c
}

// appGetComponent is GET /v1/design_studio/components/{id}, with its content.
func (s *Server) appGetComponent(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if c := s.pathComponent(x); c != nil {
		x.ok(map[string]any{"component": c.json(true)})
	}
}

// appUpdateComponent is PUT /v1/design_studio/components/{id}: the fields the
// body carries (at least one of name, tag, content, parent_folder_id) change;
// 204.
func (s *Server) appUpdateComponent(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	c := s.pathComponent(x)
	if c == nil || !onlyKeys(x, body, "name", "tag", "content", "parent_folder_id") {
		return
	}
	if name, ok := body["name"].(string); ok && (strings.TrimSpace(name) == "" || len([]rune(name)) > 255) {
		x.failDetail(http.StatusBadRequest, "missing or invalid name")
		return
	}
	parent, moved, ok := s.designFolderRef(x, body)
	if !ok {
		return
	}
	if v, ok := body["name"].(string); ok {
		c.Name = v
	}
	if v, ok := body["tag"].(string); ok {
		c.Tag = v
	}
	if v, ok := body["content"].(string); ok {
		c.Content = v
	}
	if moved {
		c.Parent = parent
	}
	c.Updated = s.state.unix()
	x.reply(http.StatusNoContent, nil)
}

// onlyKeys answers 400 for an empty body or one with a field outside keys, as
// Design Studio and Assets updates do.
func onlyKeys(x *exchange, body map[string]any, keys ...string) bool {
	if len(body) == 0 {
		x.failDetail(http.StatusBadRequest, "no fields provided")
		return false
	}
	for k := range body {
		if !slices.Contains(keys, k) {
			x.failDetail(http.StatusBadRequest, "unknown field %q", k)
			return false
		}
	}
	return true
}

// appDeleteComponent is DELETE /v1/design_studio/components/{id}; 204.
func (s *Server) appDeleteComponent(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if c := s.pathComponent(x); c != nil {
		delete(s.state.studio.components, c.ID)
		x.reply(http.StatusNoContent, nil)
	}
}

// appListDesignFolders is GET /v1/design_studio/folders: folders only,
// page-numbered.
func (s *Server) appListDesignFolders(x *exchange) {
	f, ok := readDesignFilter(x)
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	s.state.studio.init()
	if !s.parentParam(x, f) {
		return
	}
	page, pagination := pageOf(s.state.studio.folderListed(f), f)
	out := make([]map[string]any, 0, len(page))
	for _, d := range page {
		out = append(out, d.json())
	}
	x.ok(map[string]any{"folders": out, "meta": map[string]any{"pagination": pagination}})
}

// validFolderName reports whether Design Studio takes name: 1 to 170
// characters, none of < > : " / \ | ? * .
func validFolderName(name string) bool {
	return strings.TrimSpace(name) != "" && len([]rune(name)) <= 170 && !strings.ContainsAny(name, `<>:"/\|?*.`)
}

// appCreateDesignFolder is POST /v1/design_studio/folders: name*,
// parent_folder_id.
func (s *Server) appCreateDesignFolder(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	if !validFolderName(str(body, "name")) {
		x.failDetail(http.StatusBadRequest, "missing or invalid name")
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	st := &s.state.studio
	st.init()
	parent, _, ok := s.designFolderRef(x, body)
	if !ok {
		return
	}
	now := s.state.unix()
	d := &dsFolder{ID: newUUID(), Name: str(body, "name"), Parent: parent, Created: now, Updated: now, seq: s.state.next()}
	st.folders[d.ID] = d
	x.ok(map[string]any{"folder": d.json()})
}

// pathDesignFolder finds the {id} folder, answering 404 for an unknown one.
func (s *Server) pathDesignFolder(x *exchange) *dsFolder {
	s.state.studio.init()
	d := s.state.studio.folders[x.params["id"]]
	if d == nil {
		x.failDetail(http.StatusNotFound, "resource not found")
	}
	return d
}

// appGetDesignFolder is GET /v1/design_studio/folders/{id}.
func (s *Server) appGetDesignFolder(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if d := s.pathDesignFolder(x); d != nil {
		x.ok(map[string]any{"folder": d.json()})
	}
}

// appUpdateDesignFolder is PUT /v1/design_studio/folders/{id}: renames or
// moves the folder with everything in it; moving it into itself or below
// itself is refused. 204.
func (s *Server) appUpdateDesignFolder(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	d := s.pathDesignFolder(x)
	if d == nil || !onlyKeys(x, body, "name", "parent_folder_id") {
		return
	}
	if name, ok := body["name"]; ok {
		if n, _ := name.(string); !validFolderName(n) {
			x.failDetail(http.StatusBadRequest, "missing or invalid name")
			return
		}
	}
	parent, moved, ok := s.designFolderRef(x, body)
	if !ok {
		return
	}
	if moved && parent != "" && (parent == d.ID || s.state.studio.under(parent, designFilter{parent: d.ID})) {
		x.failDetail(http.StatusBadRequest, "parent_folder_id is not a valid place to move the folder to")
		return
	}
	if v, ok := body["name"].(string); ok {
		d.Name = v
	}
	if moved {
		d.Parent = parent
	}
	d.Updated = s.state.unix()
	x.reply(http.StatusNoContent, nil)
}

// appDeleteDesignFolder is DELETE /v1/design_studio/folders/{id}: removes the
// folder, its subfolders and the components in them; 204.
func (s *Server) appDeleteDesignFolder(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	d := s.pathDesignFolder(x)
	if d == nil {
		return
	}
	st := &s.state.studio
	subtree := designFilter{parent: d.ID}
	for id, c := range st.components {
		if st.under(c.Parent, subtree) {
			delete(st.components, id)
		}
	}
	var doomed []string
	for id, f := range st.folders {
		if st.under(f.Parent, subtree) {
			doomed = append(doomed, id)
		}
	}
	for _, id := range doomed {
		delete(st.folders, id)
	}
	delete(st.folders, d.ID)
	x.reply(http.StatusNoContent, nil)
}

// AddDesignFolder adds a Design Studio folder under parent (a folder id, or ""
// for the root), as a workspace organised in the UI would have it, and returns
// its UUID; "" when parent does not exist.
func (s *Server) AddDesignFolder(name, parent string) string {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	st := &s.state.studio
	st.init()
	if parent != "" && st.folders[parent] == nil {
		return ""
	}
	now := s.state.unix()
	d := &dsFolder{ID: newUUID(), Name: name, Parent: parent, Created: now, Updated: now, seq: s.state.next()}
	st.folders[d.ID] = d
	return d.ID
}

// Component is a Design Studio custom component as the fake holds it.
type Component struct {
	ID, Name, Tag, Content string
	// ParentFolderID is "" at the root.
	ParentFolderID   string
	Created, Updated int64
}

// Components returns a copy of every Design Studio component, oldest first.
func (s *Server) Components() []Component {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := []Component{}
	for _, c := range s.state.studio.components {
		out = append(out, Component{ID: c.ID, Name: c.Name, Tag: c.Tag, Content: c.Content, ParentFolderID: c.Parent, Created: c.Created, Updated: c.Updated})
	}
	slices.SortFunc(out, func(a, b Component) int {
		return cmpInt(s.state.studio.components[a.ID].seq, s.state.studio.components[b.ID].seq)
	})
	return out
}
