package customeriotest

import (
	"fmt"

	customerio "github.com/gocustomerio/customerio"
)

// Send is one transactional message queued through POST /v1/send/{type}.
type Send struct {
	// DeliveryID is the id the fake answered with ("dlv_00000001", …); it is
	// what /unsubscribe/{delivery_id} and delivery metrics refer to.
	DeliveryID string
	// Type is the {type} of the path: email, push, sms, whatsapp, in_app or
	// inbox_message.
	Type string
	// QueuedAt is the queued_at answered, in Unix seconds.
	QueuedAt int64
	// TransactionalMessageID is transactional_message_id as sent (a template id
	// or a trigger name), rendered as a string.
	TransactionalMessageID string
	// Identifiers is the identifiers object of the request, when sent.
	Identifiers customerio.Identifiers
	// To is the to field, when sent as a string.
	To string
	// MessageData is message_data as sent.
	MessageData map[string]any
	// Body is the whole request body.
	Body map[string]any
}

func (s Send) clone() Send {
	s.MessageData = copyMap(s.MessageData)
	s.Body = copyMap(s.Body)
	return s
}

// Unsubscribe is one POST /unsubscribe/{delivery_id}.
type Unsubscribe struct {
	DeliveryID  string
	Unsubscribe bool
}

// recordSend stores a send and returns it with its delivery id.
func (st *store) recordSend(send Send) Send {
	send.DeliveryID = fmt.Sprintf("dlv_%08d", len(st.sends)+1)
	send.QueuedAt = st.unix()
	st.deliveries[send.DeliveryID] = len(st.sends)
	st.sends = append(st.sends, send.clone())
	return send
}

// Sends returns every transactional send, in order.
func (s *Server) Sends() []Send {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]Send, len(s.state.sends))
	for i, send := range s.state.sends {
		out[i] = send.clone()
	}
	return out
}

// Unsubscribes returns every unsubscribe request for a known delivery, in order.
func (s *Server) Unsubscribes() []Unsubscribe {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	return append([]Unsubscribe(nil), s.state.unsubscribes...)
}
