package customeriotest

import (
	"bytes"
	"image"
	_ "image/gif"  // decodes GIF dimensions
	_ "image/jpeg" // decodes JPEG dimensions
	_ "image/png"  // decodes PNG dimensions
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Customer.io's limits on a file asset.
const (
	maxAssetBytes = 2 << 20
	maxAssetSide  = 4096
)

// assetTypes are the content types Customer.io takes as file assets.
var assetTypes = []string{"image/bmp", "image/jpeg", "image/jpg", "image/png", "image/gif", "application/pdf"}

// assetFile is one uploaded file asset, its bytes kept.
type assetFile struct {
	ID, Parent        int
	Name, ContentType string
	Data              []byte
	Created, Updated  int64
}

// assetFolder is one folder of the asset library.
type assetFolder struct {
	ID, Parent       int
	Name             string
	Created, Updated int64
}

// assetURL is where the fake says an asset is served from.
func assetURL(a *assetFile) string {
	return "https://assets.customeriotest.invalid/" + strconv.Itoa(a.ID) + "/" + a.Name
}

func nullableID(id int) any {
	if id == 0 {
		return nil
	}
	return id
}

func (a *assetFile) json() map[string]any {
	return map[string]any{"id": a.ID, "name": a.Name, "parent_folder_id": nullableID(a.Parent), "path": assetURL(a), "size": len(a.Data), "created": a.Created, "updated": a.Updated}
}

func (f *assetFolder) json() map[string]any {
	return map[string]any{"id": f.ID, "name": f.Name, "parent_folder_id": nullableID(f.Parent), "created": f.Created, "updated": f.Updated}
}

// assetUnder reports whether a record whose folder is parent falls under the
// list's folder (0 for the root): directly, or anywhere below unless direct.
func (st *studioState) assetUnder(parent, folder int, direct bool) bool {
	if parent == folder {
		return true
	}
	if direct {
		return false
	}
	for seen := 0; parent != 0 && seen <= len(st.assetFolders); seen++ {
		if parent == folder {
			return true
		}
		f := st.assetFolders[parent]
		if f == nil {
			return false
		}
		parent = f.Parent
	}
	return parent == folder
}

// readAssetFilter reads an Assets list query: parent_folder_id (0 or absent
// for the root, else an existing asset folder), direct_descendants_only, page,
// limit.
func (s *Server) readAssetFilter(x *exchange) (folder int, f designFilter, ok bool) {
	f, ok = readDesignFilter(x)
	if !ok {
		return 0, f, false
	}
	if v := x.query.Get("parent_folder_id"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			x.failDetail(http.StatusBadRequest, "invalid query parameter parent_folder_id")
			return 0, f, false
		}
		if n != 0 && s.state.studio.assetFolders[n] == nil {
			x.failDetail(http.StatusNotFound, "resource not found")
			return 0, f, false
		}
		folder = n
	}
	return folder, f, true
}

// appListAssets is GET /v1/assets: file assets by id, page-numbered.
func (s *Server) appListAssets(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	st := &s.state.studio
	st.init()
	folder, f, ok := s.readAssetFilter(x)
	if !ok {
		return
	}
	var list []*assetFile
	for _, a := range st.assets {
		if st.assetUnder(a.Parent, folder, f.direct) {
			list = append(list, a)
		}
	}
	slices.SortFunc(list, func(a, b *assetFile) int { return a.ID - b.ID })
	page, pagination := pageOf(list, f)
	out := make([]map[string]any, 0, len(page))
	for _, a := range page {
		out = append(out, a.json())
	}
	x.ok(map[string]any{"assets": out, "meta": map[string]any{"pagination": pagination, "filters": map[string]any{"parent_folder_id": nullableID(folder), "direct_descendants_only": f.direct}}})
}

// appCreateAsset is POST /v1/assets/files: a multipart/form-data upload with a
// file* part (an accepted type, at most 2 MB, images at most 4096 pixels a
// side), and name and parent_folder_id fields.
func (s *Server) appCreateAsset(x *exchange) {
	media, params, err := mime.ParseMediaType(x.r.Header.Get("Content-Type"))
	if err != nil || media != "multipart/form-data" || params["boundary"] == "" {
		x.failDetail(http.StatusBadRequest, "the body must be multipart/form-data")
		return
	}
	var (
		file              []byte
		fileName, ctype   string
		name, parentField string
		haveFile          bool
	)
	mr := multipart.NewReader(bytes.NewReader(x.body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			x.failDetail(http.StatusBadRequest, "malformed multipart body: %v", err)
			return
		}
		data, err := io.ReadAll(io.LimitReader(part, maxAssetBytes+1))
		if err != nil {
			x.failDetail(http.StatusBadRequest, "malformed multipart body: %v", err)
			return
		}
		switch part.FormName() {
		case "file":
			file, fileName, ctype, haveFile = data, part.FileName(), part.Header.Get("Content-Type"), true
		case "name":
			name = string(data)
		case "parent_folder_id":
			parentField = string(data)
		}
	}
	if media, _, err := mime.ParseMediaType(ctype); err == nil {
		ctype = media
	}
	switch {
	case !haveFile || len(file) == 0:
		x.failDetail(http.StatusBadRequest, "missing file")
		return
	case len(file) > maxAssetBytes:
		x.failDetail(http.StatusBadRequest, "the file is over the 2 MB limit")
		return
	case !slices.Contains(assetTypes, ctype):
		x.failDetail(http.StatusBadRequest, "file type %q is not accepted", ctype)
		return
	}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(file)); err == nil && (cfg.Width > maxAssetSide || cfg.Height > maxAssetSide) {
		x.failDetail(http.StatusBadRequest, "the image is over 4096 pixels a side")
		return
	}
	if strings.TrimSpace(name) == "" {
		name = fileName
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	st := &s.state.studio
	st.init()
	parent := 0
	if parentField != "" {
		n, err := strconv.Atoi(parentField)
		if err != nil || n < 0 {
			x.failDetail(http.StatusBadRequest, "invalid parent_folder_id")
			return
		}
		if n != 0 && st.assetFolders[n] == nil {
			x.failDetail(http.StatusNotFound, "resource not found")
			return
		}
		parent = n
	}
	st.nextAsset++
	now := s.state.unix()
	a := &assetFile{ID: st.nextAsset, Parent: parent, Name: name, ContentType: ctype, Data: bytes.Clone(file), Created: now, Updated: now}
	st.assets[a.ID] = a
	x.ok(map[string]any{"asset": a.json()})
}

// pathAsset finds the {id} file asset, answering 404 for an unknown one.
func (s *Server) pathAsset(x *exchange) *assetFile {
	s.state.studio.init()
	id, _ := strconv.Atoi(x.params["id"])
	a := s.state.studio.assets[id]
	if a == nil {
		x.failDetail(http.StatusNotFound, "resource not found")
	}
	return a
}

// appGetAsset is GET /v1/assets/files/{id}.
func (s *Server) appGetAsset(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if a := s.pathAsset(x); a != nil {
		x.ok(map[string]any{"asset": a.json()})
	}
}

// assetMove reads name and parent_folder_id of an Assets update body (at least
// one; null or 0 moves to the root), answering 400 or 404 for a bad one.
func (s *Server) assetMove(x *exchange, body map[string]any) (name *string, parent *int, ok bool) {
	if !onlyKeys(x, body, "name", "parent_folder_id") {
		return nil, nil, false
	}
	if v, present := body["name"]; present {
		n, isString := v.(string)
		if !isString || strings.TrimSpace(n) == "" {
			x.failDetail(http.StatusBadRequest, "name must not be blank")
			return nil, nil, false
		}
		name = &n
	}
	if v, present := body["parent_folder_id"]; present {
		id := 0
		if v != nil {
			f, isNumber := v.(float64)
			if !isNumber || f < 0 || f != float64(int(f)) {
				x.failDetail(http.StatusBadRequest, "invalid parent_folder_id")
				return nil, nil, false
			}
			id = int(f)
		}
		if id != 0 && s.state.studio.assetFolders[id] == nil {
			x.failDetail(http.StatusNotFound, "resource not found")
			return nil, nil, false
		}
		parent = &id
	}
	return name, parent, true
}

// appUpdateAsset is PUT /v1/assets/files/{id}: renames or moves the asset;
// 204.
func (s *Server) appUpdateAsset(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	a := s.pathAsset(x)
	if a == nil {
		return
	}
	name, parent, ok := s.assetMove(x, body)
	if !ok {
		return
	}
	if name != nil {
		a.Name = *name
	}
	if parent != nil {
		a.Parent = *parent
	}
	a.Updated = s.state.unix()
	x.reply(http.StatusNoContent, nil)
}

// appDeleteAsset is DELETE /v1/assets/files/{id}; 204. The fake has no
// messages, so no asset is in use.
func (s *Server) appDeleteAsset(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if a := s.pathAsset(x); a != nil {
		delete(s.state.studio.assets, a.ID)
		x.reply(http.StatusNoContent, nil)
	}
}

// appListAssetFolders is GET /v1/assets/folders: asset folders by id,
// page-numbered.
func (s *Server) appListAssetFolders(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	st := &s.state.studio
	st.init()
	folder, f, ok := s.readAssetFilter(x)
	if !ok {
		return
	}
	var list []*assetFolder
	for _, d := range st.assetFolders {
		if d.ID != folder && st.assetUnder(d.Parent, folder, f.direct) {
			list = append(list, d)
		}
	}
	slices.SortFunc(list, func(a, b *assetFolder) int { return a.ID - b.ID })
	page, pagination := pageOf(list, f)
	out := make([]map[string]any, 0, len(page))
	for _, d := range page {
		out = append(out, d.json())
	}
	x.ok(map[string]any{"folders": out, "meta": map[string]any{"pagination": pagination, "filters": map[string]any{"parent_folder_id": nullableID(folder), "direct_descendants_only": f.direct}}})
}

// siblingNamed reports whether parent already holds a folder called name,
// other than except.
func (st *studioState) siblingNamed(parent int, name string, except int) bool {
	for _, d := range st.assetFolders {
		if d.Parent == parent && d.ID != except && d.Name == name {
			return true
		}
	}
	return false
}

// appCreateAssetFolder is POST /v1/assets/folders: name* (unique among its
// siblings, else 409), parent_folder_id.
func (s *Server) appCreateAssetFolder(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	if _, present := body["name"]; !present {
		x.failDetail(http.StatusBadRequest, "missing name")
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	st := &s.state.studio
	st.init()
	name, parent, ok := s.assetMove(x, body)
	if !ok {
		return
	}
	d := &assetFolder{Name: *name}
	if parent != nil {
		d.Parent = *parent
	}
	if st.siblingNamed(d.Parent, d.Name, 0) {
		x.failDetail(http.StatusConflict, "a folder named %q already exists there", d.Name)
		return
	}
	st.nextFolder++
	d.ID = st.nextFolder
	d.Created = s.state.unix()
	d.Updated = d.Created
	st.assetFolders[d.ID] = d
	x.ok(map[string]any{"folder": d.json()})
}

// pathAssetFolder finds the {id} asset folder, answering 404 for an unknown
// one.
func (s *Server) pathAssetFolder(x *exchange) *assetFolder {
	s.state.studio.init()
	id, _ := strconv.Atoi(x.params["id"])
	d := s.state.studio.assetFolders[id]
	if d == nil {
		x.failDetail(http.StatusNotFound, "resource not found")
	}
	return d
}

// appGetAssetFolder is GET /v1/assets/folders/{id}.
func (s *Server) appGetAssetFolder(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if d := s.pathAssetFolder(x); d != nil {
		x.ok(map[string]any{"folder": d.json()})
	}
}

// appUpdateAssetFolder is PUT /v1/assets/folders/{id}: renames or moves the
// folder, refusing a move into itself or below itself; 204.
func (s *Server) appUpdateAssetFolder(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	d := s.pathAssetFolder(x)
	if d == nil {
		return
	}
	name, parent, ok := s.assetMove(x, body)
	if !ok {
		return
	}
	st := &s.state.studio
	if parent != nil && *parent != 0 && (*parent == d.ID || st.assetUnder(*parent, d.ID, false)) {
		x.failDetail(http.StatusBadRequest, "a folder cannot move into itself or one of its descendants")
		return
	}
	newName, newParent := d.Name, d.Parent
	if name != nil {
		newName = *name
	}
	if parent != nil {
		newParent = *parent
	}
	if st.siblingNamed(newParent, newName, d.ID) {
		x.failDetail(http.StatusConflict, "a folder named %q already exists there", newName)
		return
	}
	d.Name, d.Parent, d.Updated = newName, newParent, s.state.unix()
	x.reply(http.StatusNoContent, nil)
}

// appDeleteAssetFolder is DELETE /v1/assets/folders/{id}: only an empty folder
// (no files, no folders) is deleted, else 409; 204.
func (s *Server) appDeleteAssetFolder(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	d := s.pathAssetFolder(x)
	if d == nil {
		return
	}
	st := &s.state.studio
	for _, a := range st.assets {
		if a.Parent == d.ID {
			x.failDetail(http.StatusConflict, "the folder is not empty")
			return
		}
	}
	for _, f := range st.assetFolders {
		if f.Parent == d.ID {
			x.failDetail(http.StatusConflict, "the folder is not empty")
			return
		}
	}
	delete(st.assetFolders, d.ID)
	x.reply(http.StatusNoContent, nil)
}

// Asset is a file asset as the fake holds it, with the bytes uploaded.
type Asset struct {
	ID             int
	Name           string
	ParentFolderID int // 0 at the root
	ContentType    string
	Data           []byte
	Created        int64
	Updated        int64
}

// Assets returns a copy of every file asset, by id.
func (s *Server) Assets() []Asset {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := []Asset{}
	for _, a := range s.state.studio.assets {
		out = append(out, Asset{ID: a.ID, Name: a.Name, ParentFolderID: a.Parent, ContentType: a.ContentType, Data: bytes.Clone(a.Data), Created: a.Created, Updated: a.Updated})
	}
	slices.SortFunc(out, func(a, b Asset) int { return a.ID - b.ID })
	return out
}
