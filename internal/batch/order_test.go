package batch

import (
	"net/http"
	"slices"
	"testing"
	"testing/synctest"
)

func TestOneUploaderKeepsOrder(t *testing.T) {
	tests := []struct {
		name string
		bad  []int // items that make their batch fail with 400, so it is split
	}{
		{"no errors", nil},
		{"with splits", []int{3, 50, 51, 444, 998}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newSink(t, badItems(t, http.StatusBadRequest, tt.bad...))
				cfg := s.config()
				cfg.Uploaders = 1
				cfg.MaxItems = 7
				e := mustNew(t, cfg)
				enqueueIDs(t, e, 0, 1000, 30)
				closeAndCheck(t, e)

				want := slices.DeleteFunc(seqRange(0, 1000), func(id int) bool { return slices.Contains(tt.bad, id) })
				if got := s.deliveredIDs(); !slices.Equal(got, want) {
					t.Errorf("items delivered out of order: %v…", got[:min(len(got), 20)])
				}
				// Every request, refused ones included, goes out in enqueue order.
				calls, _ := s.snapshot()
				last := -1
				for _, c := range calls {
					if c.ids[0] < last {
						t.Fatalf("a request starting at item %d was sent after one ending at %d", c.ids[0], last)
					}
					if c.err == nil {
						last = c.ids[len(c.ids)-1]
					}
				}
			})
		})
	}
}
