package jsonwrite

import (
	"math"
	"strconv"
)

// AppendFloat appends f as encoding/json writes it: like ES6 number-to-string,
// in plain notation from 1e-6 up to 1e21 and in exponent notation outside,
// without the exponent's leading zero. bits is 32 for a float32, whose
// shortest form differs from its float64's. NaN and the infinities have no
// JSON form: they are refused with ErrNotWritable, as encoding/json refuses
// them, and b is returned unchanged.
func AppendFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, ErrNotWritable
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// e-09 becomes e-9.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}
