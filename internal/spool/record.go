package spool

import (
	"encoding/binary"
	"hash/crc32"
)

// Record framing: a 4-byte little-endian body length, the body's 4-byte
// CRC32C (Castagnoli), then the body. The first byte of a body is its kind.
const (
	headerSize = 8
	// maxBody bounds the length a header may claim. Items are at most a
	// batch's 500,000 bytes and outcome records are far smaller, so a larger
	// length can only be damage, and reading stops there.
	maxBody = 16 << 20
)

// Kinds of record.
const (
	kindItem    byte = 1 // [kind][spool id, 8 bytes][item bytes]
	kindOutcome byte = 2 // [kind]([first id uvarint][count uvarint])…
)

// itemBodyPrefix is the part of an item record's body before the item.
const itemBodyPrefix = 1 + 8

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ItemRecordSize is the disk an item of n bytes takes in a segment.
func ItemRecordSize(n int) int64 { return int64(headerSize + itemBodyPrefix + n) }

// appendItem appends the item record of data under id to buf.
func appendItem(buf []byte, id uint64, data []byte) []byte {
	start := len(buf)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(itemBodyPrefix+len(data)))
	buf = append(buf, 0, 0, 0, 0) // checksum, filled in below
	buf = append(buf, kindItem)
	buf = binary.LittleEndian.AppendUint64(buf, id)
	buf = append(buf, data...)
	seal(buf[start:])
	return buf
}

// appendOutcome appends an outcome record naming ids to buf, as runs of
// consecutive ids: a batch is usually one run.
func appendOutcome(buf []byte, ids []uint64) []byte {
	if len(ids) == 0 {
		return buf
	}
	start := len(buf)
	buf = append(buf, 0, 0, 0, 0, 0, 0, 0, 0, kindOutcome)
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[j-1]+1 {
			j++
		}
		buf = binary.AppendUvarint(buf, ids[i])
		buf = binary.AppendUvarint(buf, uint64(j-i))
		i = j
	}
	binary.LittleEndian.PutUint32(buf[start:], uint32(len(buf)-start-headerSize))
	seal(buf[start:])
	return buf
}

// seal writes the checksum of rec's body into its header.
func seal(rec []byte) {
	binary.LittleEndian.PutUint32(rec[4:], crc32.Checksum(rec[headerSize:], castagnoli))
}

// outcomeRuns calls fn for each run of ids an outcome record's body (kind
// byte excluded) names; false means the body is malformed.
func outcomeRuns(body []byte, fn func(first, count uint64)) bool {
	for len(body) > 0 {
		first, n := binary.Uvarint(body)
		if n <= 0 {
			return false
		}
		body = body[n:]
		count, n := binary.Uvarint(body)
		if n <= 0 || count > maxBody {
			return false
		}
		body = body[n:]
		fn(first, count)
	}
	return true
}
