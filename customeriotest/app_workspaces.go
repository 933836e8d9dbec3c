package customeriotest

// appListWorkspaces is GET /v1/workspaces: the fake is one workspace, id
// "1" and named "customeriotest", with its counts of messages sent
// (transactional sends; all billable), people, object types and objects.
func (s *Server) appListWorkspaces(x *exchange) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	types := map[string]bool{}
	for k := range s.state.objects {
		types[k.typeID] = true
	}
	x.ok(map[string]any{"workspaces": []map[string]any{{
		"id":                     "1",
		"name":                   "customeriotest",
		"messages_sent":          len(s.state.sends),
		"billable_messages_sent": len(s.state.sends),
		"people":                 len(s.state.people),
		"object_types":           len(types),
		"objects":                len(s.state.objects),
	}}})
}
