package customeriotest

// TransactionalMessage is a transactional message template, as
// GET /v1/transactional lists it.
type TransactionalMessage struct {
	ID          int
	Name        string
	Description string
	CreatedAt   int64
	UpdatedAt   int64
}

// AddTransactionalMessage adds a transactional message template, as a workspace
// set up in the UI would have it, and returns its id; ids count up from 1.
// Sends do not need one: the fake queues a send for any
// transactional_message_id.
func (s *Server) AddTransactionalMessage(name, description string) int {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	now := s.state.unix()
	id := len(s.state.templates) + 1
	s.state.templates = append(s.state.templates, TransactionalMessage{ID: id, Name: name, Description: description, CreatedAt: now, UpdatedAt: now})
	return id
}
