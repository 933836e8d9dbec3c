package spool

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// storageBenchCallers is how many goroutines per core append at once.
const storageBenchCallers = 64

// storageRecord is a 200-byte item, the size of a typical event.
var storageRecord = append([]byte(`{"id":"01J0000000000000000000000","p":"`), bytes.Repeat([]byte("x"), 200-39)...)

// BenchmarkSpoolAppend compares the segment log with bbolt doing the same
// work: durable, group-committed appends of the same records from many
// goroutines, each append returning once its record is on disk, plus the
// removal of the records once they have an outcome (in runs of 100, as
// batches are delivered).
func BenchmarkSpoolAppend(b *testing.B) {
	b.Run("segmentlog", func(b *testing.B) {
		s, _, _, err := Open(Options{Dir: b.TempDir(), MaxBytes: 1 << 30})
		if err != nil {
			b.Fatal(err)
		}
		runAppendBench(b, func(ctx context.Context) (uint64, error) {
			return s.Append(ctx, storageRecord, true, nil)
		}, func(ids []uint64) error { s.Ack(ids); return nil })
		b.StopTimer()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("bbolt", func(b *testing.B) {
		db, err := bolt.Open(filepath.Join(b.TempDir(), "spool.db"), 0o600, nil)
		if err != nil {
			b.Fatal(err)
		}
		db.MaxBatchDelay = DefaultWindow
		bucket := []byte("items")
		if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists(bucket); return err }); err != nil {
			b.Fatal(err)
		}
		var next atomic.Uint64
		runAppendBench(b, func(context.Context) (uint64, error) {
			id := next.Add(1)
			var key [8]byte
			binary.BigEndian.PutUint64(key[:], id)
			val := binary.LittleEndian.AppendUint32(make([]byte, 0, 4+len(storageRecord)),
				crc32.Checksum(storageRecord, castagnoli))
			val = append(val, storageRecord...)
			return id, db.Batch(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put(key[:], val) })
		}, func(ids []uint64) error {
			return db.Batch(func(tx *bolt.Tx) error {
				bk := tx.Bucket(bucket)
				var key [8]byte
				for _, id := range ids {
					binary.BigEndian.PutUint64(key[:], id)
					if err := bk.Delete(key[:]); err != nil {
						return err
					}
				}
				return nil
			})
		})
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	})
}

func runAppendBench(b *testing.B, appendOne func(context.Context) (uint64, error), ack func([]uint64) error) {
	ctx := context.Background()
	b.SetParallelism(storageBenchCallers)
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		ids := make([]uint64, 0, 100)
		for pb.Next() {
			id, err := appendOne(ctx)
			if err != nil {
				b.Error(err)
				return
			}
			if ids = append(ids, id); len(ids) == cap(ids) {
				if err := ack(ids); err != nil {
					b.Error(err)
					return
				}
				ids = ids[:0]
			}
		}
		if err := ack(ids); err != nil {
			b.Error(err)
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "appends/s")
}
