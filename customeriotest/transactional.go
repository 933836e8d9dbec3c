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
// set up in the UI would have it, and returns its id; ids count up from 1. The
// template starts with one email content in the default language, empty but for
// its name and the recipient {{customer.email}}; AddTransactionalLanguage adds
// translations. Sends do not need a template: the fake queues a send for any
// transactional_message_id.
func (s *Server) AddTransactionalMessage(name, description string) int {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	now := s.state.unix()
	id := len(s.state.templates) + 1
	s.state.templates = append(s.state.templates, TransactionalMessage{ID: id, Name: name, Description: description, CreatedAt: now, UpdatedAt: now})
	s.state.addContent(TransactionalContent{TemplateID: id, Name: name, Recipient: "{{customer.email}}"})
	return id
}
