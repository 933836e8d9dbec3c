// Package jsonwrite writes free-form JSON values (the maps of attributes,
// traits and properties programs hand the SDK) by hand, byte for byte as
// encoding/json would write them: map keys sorted, the same string escaping
// (HTML-safe, U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD) and the same
// number formats. Every batch of every API carries such maps, and writing the
// common value types without reflection costs about half of what
// encoding/json's map encoder does; the uncommon types still go through
// encoding/json, so the output never differs.
package jsonwrite
