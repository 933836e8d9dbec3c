package track

import (
	"context"
	"errors"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestWhitespaceOnlyIDIsBlank pins that an id of only spaces or tabs is a
// *customerio.ValidationError before any request, in paths, id lists and
// identifier bodies alike.
func TestWhitespaceOnlyIDIsBlank(t *testing.T) {
	c := unreachableClient(t)
	calls := map[string]func(ctx context.Context) error{
		"Identify":     func(ctx context.Context) error { return c.Identify(ctx, "  \t", nil) },
		"Delete":       func(ctx context.Context) error { return c.Delete(ctx, " ") },
		"AddToSegment": func(ctx context.Context) error { return c.AddToSegment(ctx, 1, []string{"1", "\t"}, "") },
		"MergePeople": func(ctx context.Context) error {
			return c.MergePeople(ctx, customerio.ByID("1"), customerio.ByEmail("   "))
		},
	}
	for name, call := range calls {
		var ve *customerio.ValidationError
		if err := call(t.Context()); !errors.As(err, &ve) {
			t.Errorf("%s with a whitespace-only id: err = %v, want a *customerio.ValidationError", name, err)
		}
	}
}
