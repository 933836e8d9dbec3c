package webhook

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The reference vector of Customer.io's signing scheme.
const (
	refKey       = "755781b5e03a973f3405a85474d5a032a60fd56fabaad66039b12eadd83955fa"
	refTimestamp = "1692633432"
	refBody      = `{"key": "value"}`
	refSignature = "d7c655389bb364d3e8bdbb6ec18a7f1b6cf91f39bba647554ada78aa61de37b9"
)
