package customeriotest

// FormSubmission is one POST /api/v1/forms/{form_id}/submit.
type FormSubmission struct {
	FormID string
	// Data is the submitted fields.
	Data map[string]string
}

// FormSubmissions returns every form submission, in order.
func (s *Server) FormSubmissions() []FormSubmission {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]FormSubmission, len(s.state.forms))
	for i, f := range s.state.forms {
		f.Data = copyStrings(f.Data)
		out[i] = f
	}
	return out
}
