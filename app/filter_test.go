package app

import (
	"encoding/json"
	"testing"
)

func TestFilterJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		filter Filter
		want   string
	}{
		{"segment", InSegment(1), `{"segment":{"id":1}}`},
		{"attribute", Attribute("plan", Equals, "pro"), `{"attribute":{"field":"plan","operator":"eq","value":"pro"}}`},
		{"attribute false value is kept", Attribute("vip", Equals, false), `{"attribute":{"field":"vip","operator":"eq","value":false}}`},
		{"exists has no value", Attribute("email", Exists, nil), `{"attribute":{"field":"email","operator":"exists"}}`},
		{"and", And(InSegment(1), InSegment(2)), `{"and":[{"segment":{"id":1}},{"segment":{"id":2}}]}`},
		{"or", Or(InSegment(1)), `{"or":[{"segment":{"id":1}}]}`},
		{"not", Not(InSegment(3)), `{"not":{"segment":{"id":3}}}`},
		{
			"nested",
			And(Or(InSegment(1), Attribute("x", "gt", 2)), Not(And(Attribute("y", Exists, nil)))),
			`{"and":[{"or":[{"segment":{"id":1}},{"attribute":{"field":"x","operator":"gt","value":2}}]},{"not":{"and":[{"attribute":{"field":"y","operator":"exists"}}]}}]}`,
		},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.filter)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !sameJSON(t, got, []byte(tt.want)) {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestFilterPrepareConvertsTimes(t *testing.T) {
	t.Parallel()
	p := newProblems("test")
	f := And(Attribute("signed_up", "gt", unix(1690000000))).prepare(p, "filter")
	if err := p.err(); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(f)
	if want := `{"and":[{"attribute":{"field":"signed_up","operator":"gt","value":1690000000}}]}`; string(got) != want {
		t.Errorf("%s, want %s", got, want)
	}
}
