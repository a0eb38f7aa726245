package modbus

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
)

// Decode converts the data of a as it came off the wire into its raw
// value: bool for bits, int64 for the integer formats, float64 for the
// float formats, string for strings (trailing NULs and spaces removed).
// For registers, data holds 2×Words() bytes, big-endian as sent; for
// coils and discrete inputs it holds one byte whose lowest bit is the
// value. Any other length is an error, never a panic.
func (a Address) Decode(data []byte) (any, error) {
	if a.Area.Bits() {
		if len(data) != 1 {
			return nil, fmt.Errorf("%s: got %d bytes, want 1", a, len(data))
		}
		return data[0]&1 != 0, nil
	}
	if len(data) != 2*a.Words() {
		return nil, fmt.Errorf("%s: got %d bytes, want %d", a, len(data), 2*a.Words())
	}
	if a.Bit >= 0 {
		return binary.BigEndian.Uint16(data)>>uint(a.Bit)&1 != 0, nil
	}
	if a.Format == String {
		return strings.TrimRight(string(data), "\x00 "), nil
	}
	b := a.Order.toBig(data)
	switch a.Format {
	case Int16:
		return int64(int16(binary.BigEndian.Uint16(b))), nil
	case Uint16:
		return int64(binary.BigEndian.Uint16(b)), nil
	case Int32:
		return int64(int32(binary.BigEndian.Uint32(b))), nil
	case Uint32:
		return int64(binary.BigEndian.Uint32(b)), nil
	case Float32:
		return float64(math.Float32frombits(binary.BigEndian.Uint32(b))), nil
	case Float64:
		return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
	}
	return nil, fmt.Errorf("%s: cannot decode format %s", a, a.Format)
}

// Encode converts a raw value (bool, int64 or float64 for numbers, string
// for strings) into the register bytes of a, big-endian as sent, after
// checking that it fits: an int16 takes -32768…32767, integers take only
// whole numbers, a float32 only finite values within its range, a string
// at most 2×Len bytes (shorter strings are padded with NULs). Bits encode
// as one byte, 0 or 1.
func (a Address) Encode(raw any) ([]byte, error) {
	if a.Format == Bool {
		b, ok := raw.(bool)
		if !ok {
			return nil, fmt.Errorf("%s takes a bool, not %T", a, raw)
		}
		if b {
			return []byte{1}, nil
		}
		return []byte{0}, nil
	}
	if a.Format == String {
		return a.encodeString(raw)
	}
	f, ok := number(raw)
	if !ok {
		return nil, fmt.Errorf("%s takes a number, not %T", a, raw)
	}
	b := make([]byte, 2*a.Words())
	if err := a.putNumber(b, raw, f); err != nil {
		return nil, err
	}
	return a.Order.fromBig(b), nil
}

func (a Address) encodeString(raw any) ([]byte, error) {
	s, ok := raw.(string)
	if !ok {
		return nil, fmt.Errorf("%s takes a string, not %T", a, raw)
	}
	if len(s) > 2*int(a.Len) {
		return nil, fmt.Errorf("%q is %d bytes long; %s holds at most %d", s, len(s), a, 2*int(a.Len))
	}
	b := make([]byte, 2*int(a.Len))
	copy(b, s)
	return b, nil
}

// putNumber writes the number raw (whose float64 view is f) big-endian
// into b, which has the format's size.
func (a Address) putNumber(b []byte, raw any, f float64) error {
	switch a.Format {
	case Float32:
		if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > math.MaxFloat32 {
			return fmt.Errorf("%s is out of range for float32", fmtNum(f))
		}
		binary.BigEndian.PutUint32(b, math.Float32bits(float32(f)))
		return nil
	case Float64:
		binary.BigEndian.PutUint64(b, math.Float64bits(f))
		return nil
	}
	lo, hi := a.Format.intRange()
	i, ok := raw.(int64)
	if !ok {
		if f != math.Trunc(f) {
			return fmt.Errorf("%s is not a whole number, as %s needs", fmtNum(f), a.Format)
		}
		if f < float64(lo) || f > float64(hi) {
			return fmt.Errorf("%s is out of range for %s (%d…%d)", fmtNum(f), a.Format, lo, hi)
		}
		i = int64(f)
	}
	if i < lo || i > hi {
		return fmt.Errorf("%d is out of range for %s (%d…%d)", i, a.Format, lo, hi)
	}
	if a.Words() == 1 {
		binary.BigEndian.PutUint16(b, uint16(i))
	} else {
		binary.BigEndian.PutUint32(b, uint32(i))
	}
	return nil
}

// intRange returns the range of an integer format.
func (f Format) intRange() (lo, hi int64) {
	switch f {
	case Int16:
		return math.MinInt16, math.MaxInt16
	case Uint16:
		return 0, math.MaxUint16
	case Int32:
		return math.MinInt32, math.MaxInt32
	case Uint32:
		return 0, math.MaxUint32
	}
	return 0, 0
}

// toBig returns the big-endian (ABCD) view of data in order o.
func (o Order) toBig(data []byte) []byte {
	if o == ABCD {
		return data
	}
	b := make([]byte, len(data))
	n := len(data) / 2
	for w := range n {
		src := w
		if o.swapWords() {
			src = n - 1 - w
		}
		hi, lo := data[2*src], data[2*src+1]
		if o.swapBytes() {
			hi, lo = lo, hi
		}
		b[2*w], b[2*w+1] = hi, lo
	}
	return b
}

// fromBig converts big-endian bytes to order o; every order is its own
// inverse.
func (o Order) fromBig(b []byte) []byte { return o.toBig(b) }

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func fmtNum(f float64) string { return fmt.Sprint(f) }
