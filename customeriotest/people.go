package customeriotest

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	customerio "github.com/gocustomerio/customerio"
)

// Person is a profile in the fake workspace.
type Person struct {
	// ID, Email and Phone are the person's identifiers; any may be empty.
	ID, Email, Phone string
	// CIOID is the identifier the fake assigned on creation, without the "cio_"
	// prefix paths use ("03000001").
	CIOID string
	// Attributes holds the profile attributes as sent and merged, decoded from
	// JSON (numbers are float64). It includes "email", "phone" and "created_at"
	// when they were sent; the reserved keys id, cio_id, _timestamp, _update and
	// cio_relationships are not attributes.
	Attributes map[string]any
	// CreatedAt is the created_at attribute when one was sent, else the time
	// the profile was created, in Unix seconds.
	CreatedAt int64
	// Devices are the person's push devices, in the order they were added.
	Devices []Device
}

// Device is a push device of a person, as Customer.io keeps it: the fields of
// a customerio.Device, with LastUsed in Unix seconds.
type Device struct {
	// Token is the device token (v1 "id", v2 "token").
	Token string
	// Platform is as sent: ios or android through the Track API, the
	// device.type of a Data Pipelines device event.
	Platform customerio.Platform
	// LastUsed is in Unix seconds: as sent, else the time of the request.
	LastUsed   int64
	Attributes map[string]any
}

type person struct {
	seq           int64
	cioID         string
	id            string
	email         string
	phone         string
	attrs         map[string]any
	attrTimes     map[string]int64
	createdAt     int64
	lastTimestamp int64
	devices       []Device
	events        []Event
}

func (p *person) identifiers() customerio.Identifiers {
	return customerio.Identifiers{ID: p.id, Email: p.email, CIOID: p.cioID}
}

func (p *person) snapshot() Person {
	out := Person{
		ID:         p.id,
		Email:      p.email,
		Phone:      p.phone,
		CIOID:      p.cioID,
		Attributes: copyMap(p.attrs),
		CreatedAt:  p.createdAt,
	}
	for _, d := range p.devices {
		d.Attributes = copyMap(d.Attributes)
		out.Devices = append(out.Devices, d)
	}
	return out
}

func (st *store) index(kind string) map[string]*person {
	switch kind {
	case kindID:
		return st.byID
	case kindEmail:
		return st.byEmail
	case kindPhone:
		return st.byPhone
	}
	return st.people
}

// find returns the person i names, or nil.
func (st *store) find(i ident) *person {
	if i.value == "" {
		return nil
	}
	v := i.value
	if i.kind == kindEmail {
		v = strings.ToLower(v)
	}
	return st.index(i.kind)[v]
}

func (st *store) create() *person {
	now := st.unix()
	p := &person{
		seq:       st.next(),
		cioID:     st.newCIOID(),
		attrs:     map[string]any{},
		attrTimes: map[string]int64{kindCIOID: now},
		createdAt: now,
	}
	st.people[p.cioID] = p
	return p
}

// field is p's identifier of kind (id, email or phone).
func (p *person) field(kind string) *string {
	switch kind {
	case kindEmail:
		return &p.email
	case kindPhone:
		return &p.phone
	}
	return &p.id
}

// setIdent sets one identifier (id, email or phone) of p and its index entry;
// "" clears it.
func (st *store) setIdent(p *person, kind, value string) {
	field := p.field(kind)
	idx := st.index(kind)
	old := *field
	if kind == kindEmail {
		old = strings.ToLower(old)
	}
	if old != "" {
		delete(idx, old)
	}
	*field = value
	if value == "" {
		return
	}
	k := value
	if kind == kindEmail {
		k = strings.ToLower(k)
	}
	idx[k] = p
	p.attrTimes[kind] = st.unix()
}

// assign gives p the identifier i when no other person holds it. An id, once
// set, changes only when the request addressed p by cio_id (byCio), as
// Customer.io requires; email and phone may change freely. It reports whether
// p holds i afterwards.
func (st *store) assign(p *person, i ident, byCio bool) bool {
	if i.kind == kindCIOID {
		return i.value == p.cioID
	}
	if holder := st.find(i); holder != nil {
		return holder == p
	}
	if i.kind == kindID && p.id != "" && !byCio {
		return false
	}
	st.setIdent(p, i.kind, i.value)
	return true
}

// identifyOptions are the switches of one identify call.
type identifyOptions struct {
	// updateOnly is _update: true; never create.
	updateOnly bool
	// timestamp orders updates (v1 _timestamp, v2 timestamp); 0 means none.
	timestamp int64
}

// bodyIdents lists the identifiers named in an attribute map.
func bodyIdents(attrs map[string]any) []ident {
	var out []ident
	for _, kind := range []string{kindID, kindEmail, kindPhone} {
		if v, ok := scalarString(attrs[kind]); ok && v != "" {
			out = append(out, ident{kind, v})
		}
	}
	return out
}

// identify creates or updates the person i names with attrs, the way Customer.io's
// identify calls do, and returns the person (nil when the call was dropped: a
// suppressed identifier, an unknown cio_id, or _update for an unknown person).
func (st *store) identify(i ident, attrs map[string]any, opts identifyOptions) *person {
	if st.suppressed(i) {
		return nil
	}
	p := st.find(i)
	if p == nil && i.kind == kindCIOID {
		return nil
	}
	named := bodyIdents(attrs)
	if p == nil {
		// A body identifier may name the person the path identifier should be
		// added to, unless they already hold another identifier of its kind.
		for _, b := range named {
			if q := st.find(b); q != nil && *q.field(i.kind) == "" {
				p = q
				break
			}
		}
	}
	if p == nil {
		if opts.updateOnly {
			return nil
		}
		for _, b := range named {
			if st.suppressed(b) {
				return nil
			}
		}
		p = st.create()
	}
	byCio := i.kind == kindCIOID
	st.assign(p, i, byCio)
	if opts.timestamp > 0 {
		if opts.timestamp < p.lastTimestamp {
			return p
		}
		p.lastTimestamp = opts.timestamp
	}
	st.setAttributes(p, attrs, byCio)
	if anon := str(attrs, "anonymous_id"); anon != "" {
		st.adoptAnonymous(p, anon)
	}
	return p
}

// notAttributes are identify keys Customer.io treats as instructions.
var notAttributes = map[string]bool{
	kindID: true, kindCIOID: true, "_timestamp": true, "_update": true, "cio_relationships": true,
}

// setAttributes merges attrs into p: a null or "" value removes the attribute,
// any other value replaces it.
func (st *store) setAttributes(p *person, attrs map[string]any, byCio bool) {
	now := st.unix()
	for k, v := range attrs {
		if k == kindID {
			if s, ok := scalarString(v); ok && s != "" {
				st.assign(p, ident{kindID, s}, byCio)
			}
			continue
		}
		if notAttributes[k] {
			continue
		}
		blank := v == nil || v == ""
		if k == kindEmail || k == kindPhone {
			s, ok := v.(string)
			switch {
			case blank:
				st.setIdent(p, k, "")
			case !ok || !st.assign(p, ident{k, s}, byCio):
				continue // held by someone else: Customer.io skips it
			}
		}
		if k == "created_at" {
			if n, ok := unixSeconds(v); ok {
				p.createdAt = n
			}
		}
		if blank {
			delete(p.attrs, k)
			delete(p.attrTimes, k)
			continue
		}
		p.attrs[k] = copyValue(v)
		p.attrTimes[k] = now
	}
}

// reference returns the person i names, creating them when they do not exist,
// as events and devices do. It returns nil when i is suppressed or an unknown
// cio_id.
func (st *store) reference(i ident) *person {
	if p := st.find(i); p != nil {
		return p
	}
	return st.identify(i, nil, identifyOptions{})
}

// deletePerson removes p with everything attached to them.
func (st *store) deletePerson(p *person) {
	for _, kind := range []string{kindID, kindEmail, kindPhone} {
		st.setIdent(p, kind, "")
	}
	delete(st.people, p.cioID)
	for _, seg := range st.segments {
		seg.remove(p.cioID)
	}
	st.relationships = slices.DeleteFunc(st.relationships, func(r *relationship) bool { return r.personCio == p.cioID })
}

// suppress deletes the person i names and blocks all their identifiers (or i
// alone when nobody holds it) from being created again.
func (st *store) suppress(i ident) {
	keys := []string{i.key()}
	if p := st.find(i); p != nil {
		keys = []string{ident{kindCIOID, p.cioID}.key()}
		for _, k := range []ident{{kindID, p.id}, {kindEmail, p.email}, {kindPhone, p.phone}} {
			if k.value != "" {
				keys = append(keys, k.key())
			}
		}
		st.deletePerson(p)
	}
	st.suppressions = append(st.suppressions, keys)
}

// unsuppress lifts the block on i and the identifiers suppressed with it. The
// deleted profile is not restored.
func (st *store) unsuppress(i ident) {
	k := i.key()
	st.suppressions = slices.DeleteFunc(st.suppressions, func(g []string) bool { return slices.Contains(g, k) })
}

func (st *store) suppressed(i ident) bool {
	k := i.key()
	for _, g := range st.suppressions {
		if slices.Contains(g, k) {
			return true
		}
	}
	return false
}

// upsertDevice adds d to p or updates p's device with the same token. A token
// belongs to one person, so it leaves anyone else who had it.
func (st *store) upsertDevice(p *person, d Device) {
	for _, q := range st.people {
		if q != p {
			q.devices = slices.DeleteFunc(q.devices, func(e Device) bool { return e.Token == d.Token })
		}
	}
	if d.LastUsed == 0 {
		d.LastUsed = st.unix()
	}
	d.Attributes = copyMap(d.Attributes)
	for i := range p.devices {
		if p.devices[i].Token == d.Token {
			p.devices[i] = d
			return
		}
	}
	p.devices = append(p.devices, d)
}

func (st *store) deleteDevice(p *person, token string) {
	p.devices = slices.DeleteFunc(p.devices, func(d Device) bool { return d.Token == token })
}

// Merge records one merge of two people.
type Merge struct {
	// Primary and Secondary are the identifiers as sent: exactly one of
	// ID, Email and CIOID is set in each.
	Primary, Secondary customerio.Identifiers
}

func identsOf(i ident) customerio.Identifiers {
	switch i.kind {
	case kindEmail:
		return customerio.Identifiers{Email: i.value}
	case kindPhone:
		return customerio.Identifiers{Phone: i.value}
	case kindCIOID:
		return customerio.Identifiers{CIOID: i.value}
	}
	return customerio.Identifiers{ID: i.value}
}

// merge folds the secondary person into the primary one and deletes the
// secondary, as merge_customers does. The primary keeps its attributes and
// identifiers and gains those it lacks; events, devices, segment memberships
// and relationships move over. A missing primary is created; a missing
// secondary leaves nothing to merge.
func (st *store) merge(primary, secondary ident) {
	st.merges = append(st.merges, Merge{Primary: identsOf(primary), Secondary: identsOf(secondary)})
	sp := st.find(secondary)
	if sp == nil {
		return
	}
	pp := st.find(primary)
	if pp == nil {
		if pp = st.identify(primary, nil, identifyOptions{}); pp == nil {
			return
		}
	}
	if pp == sp {
		return
	}
	for k, v := range sp.attrs {
		if _, ok := pp.attrs[k]; !ok && k != kindEmail && k != kindPhone {
			pp.attrs[k] = v
			pp.attrTimes[k] = sp.attrTimes[k]
		}
	}
	pp.events = append(pp.events, sp.events...)
	for _, d := range sp.devices {
		st.upsertDevice(pp, d)
	}
	for _, seg := range st.segments {
		if seg.has(sp.cioID) {
			seg.add(pp.cioID, st.next())
		}
	}
	for _, r := range st.relationships {
		if r.personCio == sp.cioID {
			r.personCio = pp.cioID
		}
	}
	taken := map[string]string{kindID: sp.id, kindEmail: sp.email, kindPhone: sp.phone}
	emailAttr, phoneAttr := sp.attrs[kindEmail], sp.attrs[kindPhone]
	st.deletePerson(sp)
	for _, kind := range []string{kindID, kindEmail, kindPhone} {
		if v := taken[kind]; v != "" && *pp.field(kind) == "" {
			st.setIdent(pp, kind, v)
		}
	}
	if _, ok := pp.attrs[kindEmail]; !ok && emailAttr != nil && pp.email != "" {
		pp.attrs[kindEmail] = emailAttr
	}
	if _, ok := pp.attrs[kindPhone]; !ok && phoneAttr != nil && pp.phone != "" {
		pp.attrs[kindPhone] = phoneAttr
	}
}

// sortedPeople lists people in creation order.
func (st *store) sortedPeople() []*person {
	out := make([]*person, 0, len(st.people))
	for _, p := range st.people {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// Person returns the person whose id is id.
func (s *Server) Person(id string) (Person, bool) {
	return s.lookup(ident{kindID, id})
}

// PersonByEmail returns the person with this email address (compared without
// regard to case, as Customer.io compares them).
func (s *Server) PersonByEmail(email string) (Person, bool) {
	return s.lookup(ident{kindEmail, email})
}

// PersonByCIOID returns the person with this cio_id (with or without the
// "cio_" prefix).
func (s *Server) PersonByCIOID(cioID string) (Person, bool) {
	return s.lookup(ident{kindCIOID, strings.TrimPrefix(cioID, "cio_")})
}

func (s *Server) lookup(i ident) (Person, bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.state.find(i)
	if p == nil {
		return Person{}, false
	}
	return p.snapshot(), true
}

// People returns every person, in the order they were created.
func (s *Server) People() []Person {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	var out []Person
	for _, p := range s.state.sortedPeople() {
		out = append(out, p.snapshot())
	}
	return out
}

// Suppressed reports whether identifier is blocked from being created,
// reading it the way a Track v1 path is read: "cio_…" is a cio_id, a value with
// "@" an email, anything else an id.
func (s *Server) Suppressed(identifier string) bool {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return s.state.suppressed(pathIdent(identifier))
}

// Merges returns every merge request applied, in order.
func (s *Server) Merges() []Merge {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return slices.Clone(s.state.merges)
}

// AddPerson creates or updates the person with this id as a Track identify
// would, merging attrs (which may hold "email"), and returns the result. It
// fails when id is blank, when the attributes cannot be encoded as JSON, or when
// Customer.io would drop the call (a suppressed identifier).
func (s *Server) AddPerson(id string, attrs map[string]any) (Person, error) {
	if id == "" {
		return Person{}, fmt.Errorf("customeriotest: AddPerson: blank id")
	}
	// A round trip through JSON gives the values the types a request would.
	var decoded map[string]any
	if attrs != nil {
		b, err := json.Marshal(attrs)
		if err != nil {
			return Person{}, fmt.Errorf("customeriotest: AddPerson: %w", err)
		}
		if err := json.Unmarshal(b, &decoded); err != nil {
			return Person{}, fmt.Errorf("customeriotest: AddPerson: %w", err)
		}
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	p := s.state.identify(ident{kindID, id}, decoded, identifyOptions{})
	if p == nil {
		return Person{}, fmt.Errorf("customeriotest: AddPerson: %q is suppressed", id)
	}
	return p.snapshot(), nil
}

// anonymousWindow is how old an anonymous event may be and still join the
// person who identifies with its anonymous_id.
const anonymousWindow = 30 * 24 * time.Hour
