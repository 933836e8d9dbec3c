package webhook

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// formatVerbs is every fmt verb, with and without flags, width and precision.
var formatVerbs = []string{
	"%v", "%+v", "%#v", "%s", "%q", "%d", "%t", "%o", "%O", "%x", "%X", "%e", "%E",
	"%f", "%g", "%b", "%c", "%U", "%p", "%T", "%10.3x", "%-+# 0v", "%#x", "%+q",
}

// keyEncodings lists how a key starting with "sekrit" could appear in fmt
// output: as text, as hex of either case, and as decimal or octal bytes.
var keyEncodings = []string{
	"sekrit", fmt.Sprintf("%x", "sekrit"), fmt.Sprintf("%X", "sekrit"),
	"115 101 107", "[115", "163 145 153",
}

// assertNoKey fails t if out carries a key in any of keyEncodings.
func assertNoKey(t *testing.T, what, out string) {
	t.Helper()
	for _, enc := range keyEncodings {
		if strings.Contains(out, enc) {
			t.Errorf("%s shows a key (%q): %s", what, enc, out)
		}
	}
}

// TestVerifierRedactsKeysUnderEveryVerb pins that no fmt verb prints a
// Verifier's signing keys however it is reached: as a value (%p of a value is
// a bad verb, which fmt answers by printing the fields without consulting any
// method), through a pointer, in an exported field, or in an unexported field,
// where fmt cannot call methods and prints the fields raw.
func TestVerifierRedactsKeysUnderEveryVerb(t *testing.T) {
	const current, previous = "sekrit-current-key", "sekrit-previous-key"
	v := Verifier{SigningKey: NewKey(current), PreviousKeys: []Key{NewKey(previous)}}
	type holder struct {
		V   Verifier
		Ptr *Verifier
	}
	type hidden struct {
		v   Verifier
		ptr *Verifier
	}
	type hiddenKeys struct {
		k  Key
		ks []Key
	}
	subjects := map[string]any{
		"value":                     v,
		"pointer":                   &v,
		"nested":                    holder{V: v, Ptr: &v},
		"nested pointer":            &holder{V: v, Ptr: &v},
		"unexported field":          hidden{v: v, ptr: &v},
		"unexported field, pointer": &hidden{v: v, ptr: &v},
		"slice":                     []Verifier{v},
		"map":                       map[string]*Verifier{"k": &v},
		"map of values":             map[string]Verifier{"k": v},
		"key":                       v.SigningKey,
		"key pointer":               &v.SigningKey,
		"keys":                      v.PreviousKeys,
		"unexported key":            hiddenKeys{k: v.SigningKey, ks: v.PreviousKeys},
		"unexported key, pointer":   &hiddenKeys{k: v.SigningKey, ks: v.PreviousKeys},
	}
	for name, subject := range subjects {
		for _, verb := range formatVerbs {
			assertNoKey(t, name+" with "+verb, fmt.Sprintf(verb, subject))
		}
	}
	for name, subject := range map[string]any{
		"key":        v.SigningKey,
		"keys":       v.PreviousKeys,
		"key fields": struct{ K, Ks any }{v.SigningKey, v.PreviousKeys},
	} {
		out, err := json.Marshal(subject)
		if err != nil {
			t.Errorf("json.Marshal(%s): %v", name, err)
		}
		assertNoKey(t, name+" as JSON", string(out))
	}
	if got := fmt.Sprintf("%p", &v); !strings.HasPrefix(got, "0x") {
		t.Errorf("%%p of *Verifier = %q, want its address", got)
	}
}

// TestKeyStringShowsOnlyWhetherAKeyIsSet pins what a Key prints, and that the
// empty string is the absent key, so an unset environment variable leaves a
// Verifier without a key.
func TestKeyStringShowsOnlyWhetherAKeyIsSet(t *testing.T) {
	if got := NewKey("sekrit").String(); got != "<redacted>" {
		t.Errorf("NewKey(key).String() = %q, want <redacted>", got)
	}
	for name, k := range map[string]Key{"Key{}": {}, `NewKey("")`: NewKey("")} {
		if !k.IsZero() || k.String() != "<empty>" {
			t.Errorf("%s: IsZero = %t, String = %q; want the absent key", name, k.IsZero(), k.String())
		}
	}
	if NewKey("sekrit").IsZero() {
		t.Error("NewKey(key).IsZero() = true")
	}
	if err := (&Verifier{SigningKey: NewKey("")}).Verify(nil, nil); err != ErrNoSigningKey {
		t.Errorf(`Verify with NewKey("") = %v, want ErrNoSigningKey`, err)
	}
}
