package app

// SortOrder is the direction of a sorted list, sent as "sort" or "sort_order"
// as each route names it.
type SortOrder string

// The directions; each route says which is Customer.io's default.
const (
	// SortAscending lists oldest (or first by the sort field) first.
	SortAscending SortOrder = "asc"
	// SortDescending lists newest (or last by the sort field) first.
	SortDescending SortOrder = "desc"
)

// query checks o and adds it to q under key ("sort" or "sort_order").
func (o SortOrder) query(p *problems, q params, key string) {
	switch o {
	case "", SortAscending, SortDescending:
		q.str(key, string(o))
	default:
		p.add(key, "must be asc or desc, not %q", string(o))
	}
}
