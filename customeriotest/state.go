package customeriotest

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// store is everything the fake workspace holds. Every field is guarded by mu;
// methods on store expect the caller to hold it.
type store struct {
	mu  sync.Mutex
	now func() time.Time
	seq int64 // orders people, members, relationships for stable paging

	people  map[string]*person // by cio_id
	byID    map[string]*person
	byEmail map[string]*person // by lower-cased email
	byPhone map[string]*person
	nextCio int

	suppressions [][]string // groups of identifier keys blocked together
	eventIDs     map[string]bool
	anonymous    []Event

	objects       map[objectKey]*object
	nextObjectCio int
	relationships []*relationship

	segments    map[int]*segment
	nextSegment int

	sends        []Send
	deliveries   map[string]int // delivery id → index in sends
	triggers     []Trigger
	metrics      []MetricReport
	forms        []FormSubmission
	merges       []Merge
	unsubscribes []Unsubscribe
	templates    []TransactionalMessage
	app          appState  // template contents, trigger errors
	flowData     flowState // campaigns and broadcasts (app_campaigns.go)

	collections collectionStore
	snippets    map[string]*snippet
	live        liveStore

	hooks   webhookConfigs             // reporting webhooks made through the App API
	esp     map[string]*espSuppression // ESP suppressions by list and lower-cased email
	optouts map[string][]optOut        // SMS and WhatsApp opt-outs by cio_id
	studio  studioState                // Design Studio components and folders, the asset library
	news    newsletterState
	// bulk holds exports, imports and newsletter deliveries (app_exports.go).
	bulk   bulkState
	design *designEmailState // Design Studio emails

	pipeline   []PipelineMessage
	messageIDs map[string]bool
}

func newStore(now func() time.Time) *store {
	st := &store{
		now:        now,
		people:     map[string]*person{},
		byID:       map[string]*person{},
		byEmail:    map[string]*person{},
		byPhone:    map[string]*person{},
		eventIDs:   map[string]bool{},
		objects:    map[objectKey]*object{},
		segments:   map[int]*segment{},
		deliveries: map[string]int{},
		messageIDs: map[string]bool{},
		hooks:      webhookConfigs{byID: map[int]*reportingWebhook{}, signingKey: newSigningKey()},
		esp:        map[string]*espSuppression{},
		optouts:    map[string][]optOut{},
	}
	st.seedNewsletters()
	return st
}

func (st *store) unix() int64 { return st.now().Unix() }

func (st *store) next() int64 {
	st.seq++
	return st.seq
}

// The kinds of person identifier Customer.io knows.
const (
	kindID    = "id"
	kindEmail = "email"
	kindPhone = "phone"
	kindCIOID = "cio_id"
)

// ident names a person by one identifier.
type ident struct{ kind, value string }

// key is the identifier's form in indexes and suppression lists: emails
// compare without regard to case, as Customer.io compares them.
func (i ident) key() string {
	v := i.value
	if i.kind == kindEmail {
		v = strings.ToLower(v)
	}
	return i.kind + ":" + v
}

// pathIdent reads a Track v1 path identifier, whose kind Customer.io infers from
// its shape: a "cio_" prefix marks a cio_id, an "@" an email, anything else
// (phone numbers included) is an id.
func pathIdent(s string) ident {
	switch {
	case strings.HasPrefix(s, "cio_"):
		return ident{kindCIOID, strings.TrimPrefix(s, "cio_")}
	case strings.Contains(s, "@"):
		return ident{kindEmail, s}
	}
	return ident{kindID, s}
}

// newCIOID hands out cio_ids shaped like Customer.io's ("03000001").
func (st *store) newCIOID() string {
	st.nextCio++
	return fmt.Sprintf("%08x", 0x3000000+st.nextCio)
}
