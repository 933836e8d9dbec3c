// Package batchtest is the conformance suite of the clients built on the batch
// engine (trackv2.Batcher, the Data Pipelines client): the guarantees every
// one of them makes, checked end to end over HTTP against a scripted test
// server.
//
// A client takes part through two descriptions. A [Wire] says what its API
// looks like on the wire: the batch endpoint's path, how to read the message
// numbers a request body carries, and how the API answers when it refuses some
// items of a batch (HTTP 207 for Track v2). A [NewSubject] builds the client
// from an [Env], which points it at the suite's server and tunes its queue,
// and wraps it in a [Subject]: enqueue message number n, flush, close, read
// the counters. Each client's own tests then call
//
//	batchtest.RunGuarantees(t, wire, newSubject)
//	batchtest.RunChaos(t, wire, newSubject, seed, 20000)
//
// RunGuarantees checks that every message gets exactly one outcome (delivered
// once, or reported once through the failure callback) when the server
// accepts everything, refuses some items, refuses whole batches, fails
// retryably or for good; and that Flush and Close keep their promises when
// their context ends. RunChaos sends many messages to a server that answers at
// random, with a seeded generator: 200, 207 refusing some items, 400, 429 with
// Retry-After, 500, 503, and connections dropped before or after the batch was
// applied. It then checks the books: the counters add up, no message is lost,
// none is reported twice, and a message reaches the server twice only when
// the server applied its batch and dropped the connection before answering,
// the one case no client can tell from a failure.
//
// The suite uses real loopback servers and real time, with short retry
// delays, and no sleeps: tests wait for events, never for time to pass. Each
// test also checks that no goroutine outlives it.
package batchtest
