package webhook

import (
	"fmt"
	"strings"
	"testing"
)

// TestVerifierRedactsKeysUnderEveryVerb pins that no fmt verb prints a
// Verifier's signing keys, whether it is formatted as a value, through a pointer
// or nested in a struct. %p is given only pointers, slices and maps: fmt prints
// any other argument of %p field by field without consulting its methods, and go
// vet reports such a call.
func TestVerifierRedactsKeysUnderEveryVerb(t *testing.T) {
	const current, previous = "sekrit-current-key", "sekrit-previous-key"
	v := Verifier{SigningKey: current, PreviousKeys: []string{previous}}
	type holder struct {
		V   Verifier
		Ptr *Verifier
	}
	subjects := map[string]any{
		"value":          v,
		"pointer":        &v,
		"nested":         holder{V: v, Ptr: &v},
		"nested pointer": &holder{V: v, Ptr: &v},
		"slice":          []Verifier{v},
		"map":            map[string]*Verifier{"k": &v},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%t", "%o", "%O", "%x", "%X", "%e", "%E", "%f", "%g", "%b", "%c", "%U", "%p", "%T", "%10.3x", "%-+# 0v"}
	for name, subject := range subjects {
		for _, verb := range verbs {
			if verb == "%p" && (name == "value" || name == "nested") {
				continue
			}
			out := fmt.Sprintf(verb, subject)
			for _, enc := range []string{"sekrit", fmt.Sprintf("%x", "sekrit"), fmt.Sprintf("%X", "sekrit"), fmt.Sprint([]byte("sekrit"))[1:12], "115 101 107"} {
				if strings.Contains(out, enc) {
					t.Errorf("%s with %s shows a key (%q): %s", name, verb, enc, out)
				}
			}
		}
	}
	if got := fmt.Sprintf("%p", &v); !strings.HasPrefix(got, "0x") {
		t.Errorf("%%p of *Verifier = %q, want its address", got)
	}
}
