package e2e

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	customerio "github.com/gocustomerio/customerio"
	"github.com/gocustomerio/customerio/app"
	"github.com/gocustomerio/customerio/pipelines"
	"github.com/gocustomerio/customerio/track"
	"github.com/gocustomerio/customerio/trackv2"
)

// structHolder hides a map inside a struct, where only encoding/json walks.
type structHolder struct {
	M map[string]any `json:"m"`
}

// fuzzValue builds a free-form value from data, read as a small program: open a
// map, a []any, a typed map or a pointer; close it; add a scalar (a time, a
// NaN, a string); refer back to an open container (a cycle, directly, through a
// pointer or through a struct); or add a chain of nested maps of a length the
// next byte picks. Whatever the bytes, the result is a map[string]any.
func fuzzValue(data []byte) map[string]any {
	root := map[string]any{}
	stack := []any{root}
	slots := []int{0}
	// attach adds v to the innermost open container.
	attach := func(v any) {
		i := len(stack) - 1
		slot := slots[i]
		slots[i]++
		switch c := stack[i].(type) {
		case map[string]any:
			c[string(rune('a'+slot%26))] = v
		case []any:
			c[slot%len(c)] = v
		case map[string][]any:
			c[string(rune('a'+slot%26))] = []any{v}
		}
	}
	next := func(i *int) byte {
		if *i >= len(data) {
			return 0
		}
		b := data[*i]
		*i++
		return b
	}
	for i := 0; i < len(data); {
		switch op := next(&i) % 12; op {
		case 0:
			m := map[string]any{}
			attach(m)
			stack, slots = append(stack, m), append(slots, 0)
		case 1:
			s := make([]any, 1+int(next(&i))%4)
			attach(s)
			stack, slots = append(stack, s), append(slots, 0)
		case 2:
			m := map[string][]any{}
			attach(m)
			stack, slots = append(stack, m), append(slots, 0)
		case 3:
			if len(stack) > 1 {
				stack, slots = stack[:len(stack)-1], slots[:len(slots)-1]
			}
		case 4: // a direct cycle
			attach(stack[int(next(&i))%len(stack)])
		case 5: // a cycle through a pointer
			p := new(any)
			*p = stack[int(next(&i))%len(stack)]
			attach(p)
		case 6: // a cycle through a struct, if the target is a map
			if m, ok := stack[int(next(&i))%len(stack)].(map[string]any); ok {
				attach(structHolder{M: m})
				attach(&structHolder{M: m})
			}
		case 7:
			attach(time.Unix(int64(next(&i))*1e6, 0))
		case 8:
			attach(math.NaN())
		case 9:
			attach(string(data[:i%(len(data)+1)]))
		case 10: // a chain, up to about 2,000 levels
			deep := map[string]any{}
			cur := deep
			for range int(next(&i)) * 8 {
				n := map[string]any{}
				cur["n"] = n
				cur = n
			}
			attach(deep)
		case 11:
			attach(float64(next(&i)) / 3)
		}
	}
	return root
}

// FuzzEncodersRefuseNestedAndCyclic feeds nested and self-containing values to
// every encoder of the module. Each call must return, with an error or
// without: a value that contains itself once recursed until the goroutine
// stack overflowed, a fatal error that no recover catches; one that contains
// itself through a struct was once chased by encoding/json for a thousand
// levels, everything beside the cycle encoded again on every turn.
func FuzzEncodersRefuseNestedAndCyclic(f *testing.F) {
	for _, seed := range [][]byte{
		{},
		{4, 0},            // root["a"] = root
		{0, 4, 0},         // root.a.a = root
		{1, 2, 4, 1},      // a slice that contains itself
		{5, 0},            // through a pointer
		{0, 6, 1},         // through a struct
		{10, 200},         // 1,600 nested maps
		{10, 120, 7, 3},   // 960 nested maps and a time
		{2, 4, 1, 3, 8},   // a typed map that contains itself, and a NaN
		{0, 0, 11, 3, 11}, // plain, nothing wrong
	} {
		f.Add(seed)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	f.Cleanup(srv.Close)
	opts := []customerio.Option{customerio.WithBaseURL(srv.URL), customerio.WithHTTPClient(srv.Client())}

	tc, err := track.New("site", "key", opts...)
	if err != nil {
		f.Fatal(err)
	}
	ac, err := app.New("app-key", opts...)
	if err != nil {
		f.Fatal(err)
	}
	v2, err := trackv2.New("site", "key", opts...)
	if err != nil {
		f.Fatal(err)
	}
	batcher, err := trackv2.NewBatcher(v2, customerio.QueueConfig{OnFull: customerio.Drop})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = batcher.Close(context.Background()) })
	pc, err := pipelines.New("write-key", append(opts, pipelines.WithQueue(customerio.QueueConfig{OnFull: customerio.Drop}))...)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = pc.Close(context.Background()) })

	f.Fuzz(func(t *testing.T, data []byte) {
		v := fuzzValue(data)
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		calls := []func() error{
			func() error { return tc.Identify(ctx, "u", v) },
			func() error { return tc.Track(ctx, "u", "e", v) },
			func() error {
				_, err := ac.SendEmail(ctx, app.SendEmailRequest{
					TransactionalMessageID: app.TriggerName("t"), Identifiers: customerio.ByID("u"), To: "u@example.com", MessageData: v,
				})
				return err
			},
			func() error { _, err := ac.Broadcasts.Trigger(ctx, 1, app.TriggerRequest{Data: v}); return err },
			func() error { return v2.Send(ctx, trackv2.IdentifyPerson(customerio.ByID("u"), v)) },
			func() error {
				_, err := v2.Batch(ctx, []trackv2.Op{trackv2.TrackPersonEvent(customerio.ByID("u"), "e", v)})
				return err
			},
			func() error { return batcher.Enqueue(ctx, trackv2.IdentifyPerson(customerio.ByID("u"), v)) },
			func() error {
				return pc.Track(ctx, pipelines.Track{UserID: "u", Event: "e", Properties: pipelines.Properties(v)})
			},
		}
		for _, call := range calls {
			_ = call()
		}
		if ctx.Err() != nil {
			t.Fatal("an encoder did not return within 10 s")
		}
	})
}
