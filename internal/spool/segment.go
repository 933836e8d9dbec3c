package spool

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Segment files are named by a number that grows with each new segment, so
// that their names sort in the order they were written.
const (
	segmentPrefix = "segment-"
	segmentSuffix = ".log"
	lockName      = "LOCK"
)

// segmentName is the file name of segment number n.
func segmentName(n uint64) string {
	return fmt.Sprintf("%s%020d%s", segmentPrefix, n, segmentSuffix)
}

// listSegments returns the segment numbers found in dir, oldest first.
// Other files are ignored.
func listSegments(dir string) ([]uint64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var nums []uint64
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, segmentPrefix) || !strings.HasSuffix(name, segmentSuffix) {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(name, segmentPrefix), segmentSuffix), 10, 64)
		if err != nil {
			continue
		}
		nums = append(nums, n)
	}
	slices.Sort(nums)
	return nums, nil
}

// segmentPath is the path of segment n in dir.
func segmentPath(dir string, n uint64) string { return filepath.Join(dir, segmentName(n)) }

// damage is a part of a segment that could not be read as intact records.
type damage struct {
	offset int
	// length is how many bytes were lost: the record's, or the rest of the
	// segment when reading could not go on.
	length int
	// what says how, for the log.
	what string
	// item holds the bytes of a damaged item record that was whole enough to
	// read (its checksum is wrong, so they may be damaged too); nil otherwise.
	item []byte
}

// scan reads the records of one segment's contents, calling visit with the
// body of each intact record, and returns the damage it met. A record whose
// checksum does not match is skipped and reading goes on after it; a header
// claiming an impossible length, or a record cut short by the end of the
// file (a torn write), ends the reading, since nothing after it can be
// framed.
func scan(data []byte, visit func(body []byte)) []damage {
	var found []damage
	for off := 0; off < len(data); {
		rest := len(data) - off
		if rest < headerSize {
			return append(found, damage{offset: off, length: rest, what: "torn record header at the end"})
		}
		n := int(binary.LittleEndian.Uint32(data[off:]))
		sum := binary.LittleEndian.Uint32(data[off+4:])
		switch {
		case n == 0 || n > maxBody:
			return append(found, damage{offset: off, length: rest, what: "impossible record length " + strconv.Itoa(n)})
		case headerSize+n > rest:
			return append(found, damage{offset: off, length: rest, what: "torn record at the end"})
		}
		body := data[off+headerSize : off+headerSize+n]
		if crc32.Checksum(body, castagnoli) != sum {
			d := damage{offset: off, length: headerSize + n, what: "checksum mismatch"}
			if body[0] == kindItem && n > itemBodyPrefix {
				d.item = body[itemBodyPrefix:]
			}
			found = append(found, d)
		} else {
			visit(body)
		}
		off += headerSize + n
	}
	return found
}
