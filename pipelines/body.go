package pipelines

import (
	"context"
	"net/http"
	"time"

	"github.com/gocustomerio/customerio/internal/transport"
)

// The /v1/batch body is
// {"batch":[item,item,…],"context":<default context>,"sentAt":"<sentAt>"}: the
// default context, context.library included, is sent once per batch, and Data
// Pipelines applies it to every item (an item's own context keys win). The
// envelope's fixed part, envelopeBytes long, is what the queue adds to the
// items and commas to keep every body within customerio.MaxBatchBytes.
const (
	batchPath    = "/v1/batch"
	batchOpen    = `{"batch":[`
	batchContext = `],"context":`
	batchSentAt  = `,"sentAt":"`
	batchClose   = `"}`
)

// envelopeBytes is the length of a batch body without its items and the
// commas between them.
func (b baseContext) envelopeBytes() int {
	return len(batchOpen) + len(batchContext) + len(b.encoded) + len(batchSentAt) + len(sentAtLayout) + len(batchClose)
}

// sendBatch posts one batch of queued messages to /v1/batch. The queue calls it
// from its uploaders and retries or splits the batch as its error says; sentAt
// is the time of this attempt, while the messages, their ids included, are the
// bytes queued.
func (c *Client) sendBatch(ctx context.Context, items [][]byte) error {
	if c.dryRun {
		return nil
	}
	size := c.context.envelopeBytes() + len(items) - 1
	for _, it := range items {
		size += len(it)
	}
	buf := transport.GetBuffer(size)
	body := append(*buf, batchOpen...)
	for i, it := range items {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, it...)
	}
	body = append(body, batchContext...)
	body = append(body, c.context.encoded...)
	body = append(body, batchSentAt...)
	body = appendSentAt(body, time.Now())
	body = append(body, batchClose...)
	*buf = body
	return c.post(ctx, "pipelines.batch", batchPath, body, func() { transport.PutBuffer(buf) })
}

// post sends body, gzip-compressed when WithGzip says so, through the client's
// request path and its retry strategy. Every Data Pipelines request is safe to
// repeat: each message carries a messageId Customer.io de-duplicates on.
//
// release, when not nil, gives body's buffer back for reuse; it is called once
// nothing reads body any more, which may be after post returned (see
// transport.Request.Release).
func (c *Client) post(ctx context.Context, op, path string, body []byte, release func()) error {
	if c.gzip {
		zbuf := transport.GetBuffer(len(body) / 2)
		*zbuf = appendGzip(*zbuf, body)
		// Compression read body to the end: only the compressed copy is sent.
		if release != nil {
			release()
		}
		body, release = *zbuf, func() { transport.PutBuffer(zbuf) }
	}
	_, err := c.api.Do(ctx, &transport.Request{
		Op:         op,
		Method:     http.MethodPost,
		Path:       path,
		RawBody:    body,
		Release:    release,
		Idempotent: true,
		Header:     c.header,
	})
	return err
}
