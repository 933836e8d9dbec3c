package customeriotest

import (
	"net/http"
	"slices"
	"strconv"
)

// Imports, as POST /v1/imports queues them. The fake never downloads the
// file (tests reach no address but the server's own), so an import applies
// nothing: it is answered "preprocessing" and reads "imported", with no rows,
// from the first GET /v1/imports/{import_id} on.

type fakeImport struct {
	id            int
	name          string
	description   string
	typ           string
	dataToProcess string
	objectTypeID  int
	created       int64
	reads         int
}

func (i *fakeImport) json() map[string]any {
	state := "preprocessing"
	if i.reads > 0 {
		state = "imported"
	}
	out := map[string]any{
		"id": i.id, "name": i.name, "description": i.description, "type": i.typ, "state": state,
		"data_to_process": i.dataToProcess, "people_to_process": "all",
		"rows_to_import": 0, "rows_imported": 0, "created_at": i.created, "updated_at": i.created,
	}
	if i.objectTypeID != 0 {
		out["object_type_id"] = i.objectTypeID
	}
	return out
}

// importIdentifiers are the identifier columns each import type takes.
var importIdentifiers = map[string][]string{
	"people":       {"id", "email"},
	"event":        {"id", "email"},
	"relationship": {"id", "email", "cio_id"},
	"object":       nil,
}

// appStartImport is POST /v1/imports: checks {"import": {name, data_file_url,
// type, identifier, object_type_id, data_to_process, description}} and queues
// the import.
func (s *Server) appStartImport(x *exchange) {
	body, ok := x.object()
	if !ok {
		return
	}
	imp := objectField(body, "import")
	if imp == nil {
		x.fail(http.StatusBadRequest, required("import"))
		return
	}
	var problems []problem
	for _, k := range []string{"name", "data_file_url", "type"} {
		if str(imp, k) == "" {
			problems = append(problems, required("import."+k))
		}
	}
	typ := str(imp, "type")
	idents, known := importIdentifiers[typ]
	if typ != "" && !known {
		problems = append(problems, invalid("import.type", "unknown import type %q", typ))
	}
	objectType := 0
	if v, present := imp["object_type_id"]; present && v != nil {
		n, isInt := exportInt(v)
		if !isInt {
			problems = append(problems, invalid("import.object_type_id", "object_type_id must be a positive integer"))
		}
		objectType = n
	}
	switch id := str(imp, "identifier"); {
	case !known:
	case typ == "object":
		if objectType == 0 {
			problems = append(problems, required("import.object_type_id"))
		}
	case id == "":
		problems = append(problems, required("import.identifier"))
	case !slices.Contains(idents, id):
		problems = append(problems, invalid("import.identifier", "a %s import is identified by one of %v", typ, idents))
	}
	process := str(imp, "data_to_process")
	if process == "" {
		process = "all"
	} else if !slices.Contains([]string{"all", "only_new", "only_existing"}, process) {
		problems = append(problems, invalid("import.data_to_process", "unknown data_to_process %q", process))
	}
	if len(problems) > 0 {
		x.fail(http.StatusBadRequest, problems...)
		return
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	i := &fakeImport{
		id: len(s.state.bulk.imports) + 1, name: str(imp, "name"), description: str(imp, "description"),
		typ: typ, dataToProcess: process, objectTypeID: objectType, created: s.state.unix(),
	}
	s.state.bulk.imports = append(s.state.bulk.imports, i)
	x.ok(map[string]any{"import": i.json()})
}

// appGetImport is GET /v1/imports/{import_id}.
func (s *Server) appGetImport(x *exchange) {
	id, err := strconv.Atoi(x.params["import_id"])
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if err != nil || id < 1 || id > len(s.state.bulk.imports) {
		x.fail(http.StatusNotFound, invalid("import_id", "import %q not found", x.params["import_id"]))
		return
	}
	i := s.state.bulk.imports[id-1]
	i.reads++
	x.ok(map[string]any{"import": i.json()})
}
