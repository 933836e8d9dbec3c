package customeriotest

// Trigger is one API-triggered broadcast run (POST /v1/campaigns/{id}/triggers).
type Trigger struct {
	// ID is the trigger id answered; they count up from 1.
	ID          int
	BroadcastID int
	// CreatedAt is in Unix seconds. The fake processes a trigger at once, so it
	// is also its processed_at.
	CreatedAt int64
	// Body is the request body ({} when none was sent).
	Body map[string]any
}

func (t Trigger) clone() Trigger {
	t.Body = copyMap(t.Body)
	return t
}

// Triggers returns every broadcast trigger, in order.
func (s *Server) Triggers() []Trigger {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	out := make([]Trigger, len(s.state.triggers))
	for i, t := range s.state.triggers {
		out[i] = t.clone()
	}
	return out
}
