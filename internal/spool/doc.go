// Package spool is the on-disk log behind a background queue's SpoolDir: it
// keeps every accepted item until the queue records its outcome, so that a
// process killed with items queued loses none of them.
//
// The spool is a directory of segment files and one lock file. A segment is
// a run of records, each framed as [length][CRC32C][body], appended and never
// rewritten. Two kinds of record share the segments: an item record holds an
// item's spool id and its exact bytes; an outcome record lists the ids of
// items that have their outcome (delivered, or reported as failed). Outcome
// records are always written after the items they name, so a whole segment
// can be deleted once it, and every segment before it, holds no item still
// waiting for its outcome.
//
// Appends are group-committed: items arriving within a short window are
// written with one write and made durable with one fsync, and each Append
// returns once its group is on disk. Outcome records ride along with the next
// group and need no fsync of their own: losing one only repeats a delivery,
// which Customer.io de-duplicates by the item's id.
//
// Open reads what a previous process left: it checks every record's
// checksum, skips (and reports) damaged records, cuts a torn tail, drops the
// items whose outcome was recorded, copies the rest into a fresh segment and
// deletes the old files, so the damage is reported once. The items come back
// in the order they were spooled, for the queue to send before anything new.
//
// A directory is held by one Spool at a time, through an exclusive flock on
// its lock file, which the kernel releases when the process dies: a crash
// never leaves a stale lock behind.
package spool
