package customerio

// Size limits Customer.io documents for ingest requests. Customer.io writes them as
// "32 KB" and "500 KB" without saying whether a KB is 1,000 or 1,024 bytes, so the
// library checks the stricter decimal reading on the exact bytes it would send.
const (
	// MaxEntityBytes caps one Track v2 operation, one Data Pipelines call and each
	// item of a batch.
	MaxEntityBytes = 32_000
	// MaxBatchBytes caps a whole /api/v2/batch or Data Pipelines /v1/batch body,
	// envelope included. Larger batches are split before sending.
	MaxBatchBytes = 500_000
)
