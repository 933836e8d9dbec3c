package customeriotest

import (
	"errors"
	"net/http"
	"testing"

	customerio "github.com/gocustomerio/customerio"
)

// TestWebhookEventsAfterCloseAreErrClosed: once the server is closed nothing
// posts events any more, so scripting one is refused with customerio.ErrClosed
// rather than queued for ever, and a send answered just before Close does not
// leave WaitWebhooks waiting on events nobody will post.
func TestWebhookEventsAfterCloseAreErrClosed(t *testing.T) {
	srv := NewServer()
	h := newHookReceiver(t)
	srv.SendWebhooks(h.srv.URL, hookKey)
	srv.mustDo(t, http.StatusOK, app(http.MethodPost, "/v1/send/email", map[string]any{
		"transactional_message_id": 3, "to": "ada@example.com", "identifiers": map[string]any{"id": "1"},
	}))
	waitHooks(t, srv)
	srv.Close()

	if _, err := srv.EmitWebhook(WebhookEvent{ObjectType: "customer", Metric: customerio.MetricSubscribed}); !errors.Is(err, customerio.ErrClosed) {
		t.Errorf("EmitWebhook after Close = %v, want customerio.ErrClosed", err)
	}
	if _, err := srv.ScriptWebhook("dlv_00000001", customerio.MetricOpened, nil); !errors.Is(err, customerio.ErrClosed) {
		t.Errorf("ScriptWebhook after Close = %v, want customerio.ErrClosed", err)
	}
	if err := srv.WaitWebhooks(t.Context()); err != nil {
		t.Errorf("WaitWebhooks after Close with nothing left = %v", err)
	}
	if n := len(h.got()); n != 2 {
		t.Errorf("%d events posted, want sent and delivered", n)
	}
}
