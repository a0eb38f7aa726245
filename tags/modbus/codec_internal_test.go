package modbus

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/tags"
)

func mustParse(t testing.TB, s string) Address {
	t.Helper()
	a, err := ParseAddress(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// f32 is 3.25 as float32 (0x40500000) and f64 is -2.5 as float64
// (0xC004000000000000), in every order.
var codecCases = []struct {
	addr string
	wire []byte
	raw  any
}{
	{"hr:0", []byte{0xFB, 0x2E}, int64(-1234)},
	{"hr:0:uint16", []byte{0xD4, 0x31}, int64(54321)},
	{"hr:0:int32", []byte{0xF8, 0xA4, 0x32, 0xEB}, int64(-123456789)},
	{"hr:0:int32:cdab", []byte{0x32, 0xEB, 0xF8, 0xA4}, int64(-123456789)},
	{"hr:0:int32:badc", []byte{0xA4, 0xF8, 0xEB, 0x32}, int64(-123456789)},
	{"hr:0:int32:dcba", []byte{0xEB, 0x32, 0xA4, 0xF8}, int64(-123456789)},
	{"hr:0:uint32", []byte{0xB2, 0xD0, 0x5E, 0x00}, int64(3000000000)},
	{"hr:0:float32", []byte{0x40, 0x50, 0, 0}, 3.25},
	{"hr:0:float32:cdab", []byte{0, 0, 0x40, 0x50}, 3.25},
	{"hr:0:float32:badc", []byte{0x50, 0x40, 0, 0}, 3.25},
	{"hr:0:float32:dcba", []byte{0, 0, 0x50, 0x40}, 3.25},
	{"hr:0:float64", []byte{0xC0, 0x04, 0, 0, 0, 0, 0, 0}, -2.5},
	{"hr:0:float64:cdab", []byte{0, 0, 0, 0, 0, 0, 0xC0, 0x04}, -2.5},
	{"hr:0:float64:badc", []byte{0x04, 0xC0, 0, 0, 0, 0, 0, 0}, -2.5},
	{"hr:0:float64:dcba", []byte{0, 0, 0, 0, 0, 0, 0x04, 0xC0}, -2.5},
	{"hr:0:string:3", []byte("abcd\x00\x00"), "abcd"},
	{"hr:0:string:2", []byte("abcd"), "abcd"},
	{"coil:0", []byte{1}, true},
	{"di:0", []byte{0}, false},
}

func TestDecodeEncode(t *testing.T) {
	for _, tt := range codecCases {
		t.Run(tt.addr, func(t *testing.T) {
			a := mustParse(t, tt.addr)
			got, err := a.Decode(tt.wire)
			if err != nil || got != tt.raw {
				t.Errorf("Decode(% x) = %v (%T), %v; want %v", tt.wire, got, got, err, tt.raw)
			}
			enc, err := a.Encode(tt.raw)
			if err != nil || !bytes.Equal(enc, tt.wire) {
				t.Errorf("Encode(%v) = % x, %v; want % x", tt.raw, enc, err, tt.wire)
			}
		})
	}
}

func TestDecodeBits(t *testing.T) {
	w := []byte{0x80, 0x05} // bits 0, 2, 15
	for bit, want := range map[string]bool{"hr:0.0": true, "hr:0.1": false, "hr:0.2": true, "hr:0.15": true, "hr:0.14": false} {
		if got, err := mustParse(t, bit).Decode(w); got != want || err != nil {
			t.Errorf("%s: Decode = %v, %v; want %v", bit, got, err, want)
		}
	}
}

func TestDecodeLength(t *testing.T) {
	for _, tt := range []struct {
		addr string
		data []byte
		want string
	}{
		{"hr:0", []byte{1}, "hr:0: got 1 bytes, want 2"},
		{"hr:0:float64", make([]byte, 6), "hr:0:float64: got 6 bytes, want 8"},
		{"coil:0", nil, "coil:0: got 0 bytes, want 1"},
	} {
		if _, err := mustParse(t, tt.addr).Decode(tt.data); err == nil || err.Error() != tt.want {
			t.Errorf("%s: Decode(% x) error %v, want %s", tt.addr, tt.data, err, tt.want)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, tt := range []struct {
		addr string
		raw  any
		want string
	}{
		{"hr:0", int64(32768), "32768 is out of range for int16 (-32768…32767)"},
		{"hr:0", int64(-32769), "-32769 is out of range for int16 (-32768…32767)"},
		{"hr:0:uint16", int64(-1), "-1 is out of range for uint16 (0…65535)"},
		{"hr:0:uint16", 65536.0, "65536 is out of range for uint16 (0…65535)"},
		{"hr:0:int32", 2.5, "2.5 is not a whole number, as int32 needs"},
		{"hr:0:uint32", int64(1) << 32, "4294967296 is out of range for uint32 (0…4294967295)"},
		{"hr:0:float32", 1e39, "1e+39 is out of range for float32"},
		{"hr:0:float32", math.NaN(), "NaN is out of range for float32"},
		{"hr:0:string:2", "hello", `"hello" is 5 bytes long; hr:0:string:2 holds at most 4`},
		{"hr:0", "x", "hr:0 takes a number, not string"},
		{"coil:0", int64(1), "coil:0 takes a bool, not int64"},
	} {
		if _, err := mustParse(t, tt.addr).Encode(tt.raw); err == nil || err.Error() != tt.want {
			t.Errorf("%s: Encode(%v) error\n got: %v\nwant: %s", tt.addr, tt.raw, err, tt.want)
		}
	}
}

func TestScaling(t *testing.T) {
	pct := &tags.Scale{RawMin: 0, RawMax: 27648, EngMin: 0, EngMax: 100}
	for _, tt := range []struct {
		name  string
		def   tags.Def
		addr  string
		wire  []byte
		value any
	}{
		{"percent", tags.Def{Type: tags.Float, Scale: pct}, "hr:0", []byte{0x36, 0x00}, 50.0},
		{"int rounds", tags.Def{Type: tags.Int, Scale: pct}, "hr:0", []byte{0x00, 0x64}, int64(0)},
		{"float register", tags.Def{Type: tags.Float, Scale: &tags.Scale{RawMin: 0, RawMax: 10, EngMin: 0, EngMax: 1}}, "hr:0:float32", []byte{0x40, 0x50, 0, 0}, 0.325},
		{"unscaled int", tags.Def{Type: tags.Int}, "hr:0:uint16", []byte{0xD4, 0x31}, int64(54321)},
		{"register as bool", tags.Def{Type: tags.Bool}, "hr:0", []byte{0, 2}, true},
		{"bit as int", tags.Def{Type: tags.Int}, "hr:0.1", []byte{0, 2}, int64(1)},
		{"string", tags.Def{Type: tags.String}, "hr:0:string:2", []byte("ok\x00\x00"), "ok"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := mustParse(t, tt.addr)
			got, err := toEng(tt.def, a, tt.wire)
			if err != nil || math.Abs(asF(got)-asF(tt.value)) > 1e-9 || reflect.TypeOf(got) != reflect.TypeOf(tt.value) {
				t.Fatalf("toEng = %v (%T), %v; want %v", got, got, err, tt.value)
			}
		})
	}
	// Writes: engineering → raw, rounded for integer formats.
	for _, tt := range []struct {
		def  tags.Def
		addr string
		v    any
		wire []byte
		err  string
	}{
		{tags.Def{Type: tags.Float, Scale: pct}, "hr:0", 50.0, []byte{0x36, 0x00}, ""},
		{tags.Def{Type: tags.Float, Scale: pct}, "hr:0", 33.3, []byte{0x23, 0xF7}, ""}, // 9206.784 → 9207
		{tags.Def{Type: tags.Float, Scale: pct}, "hr:0", 200.0, nil, "55296 is out of range for int16 (-32768…32767)"},
		{tags.Def{Type: tags.Float}, "hr:0", 2.5, nil, "2.5 is not a whole number, as int16 needs"},
		{tags.Def{Type: tags.Int}, "hr:0", int64(40000), nil, "40000 is out of range for int16 (-32768…32767)"},
		{tags.Def{Type: tags.Bool}, "hr:0", true, []byte{0, 1}, ""},
		{tags.Def{Type: tags.Bool}, "coil:0", true, []byte{1}, ""},
		{tags.Def{Type: tags.Float, Scale: &tags.Scale{RawMin: 0, RawMax: 10, EngMin: 0, EngMax: 1}}, "hr:0:float32", 0.325, []byte{0x40, 0x50, 0, 0}, ""},
		{tags.Def{Type: tags.String}, "hr:0:string:2", "ok", []byte("ok\x00\x00"), ""},
	} {
		a := mustParse(t, tt.addr)
		raw, err := toRaw(tt.def, a, tt.v)
		var wire []byte
		if err == nil {
			wire, err = a.Encode(raw)
		}
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%s write %v: error %v, want %s", tt.addr, tt.v, err, tt.err)
			}
			continue
		}
		if err != nil || !bytes.Equal(wire, tt.wire) {
			t.Errorf("%s write %v: % x, %v; want % x", tt.addr, tt.v, wire, err, tt.wire)
		}
	}
}

func asF(v any) float64 {
	switch x := v.(type) {
	case bool:
		if x {
			return 1
		}
		return 0
	case string:
		return float64(len(x))
	}
	f, _ := number(v)
	return f
}

func TestDecodeResponse(t *testing.T) {
	as := []Address{mustParse(t, "hr:10"), mustParse(t, "hr:12:int32"), mustParse(t, "hr:11.0")}
	r := Plan(as, 10)[0]
	vals, err := decodeResponse(r, as, []byte{0, 7, 0, 1, 0, 0, 0, 9})
	if want := []any{int64(7), true, int64(9)}; err != nil || !reflect.DeepEqual(vals, want) {
		t.Errorf("decodeResponse = %v, %v; want %v", vals, err, want)
	}
	_, err = decodeResponse(r, as, []byte{0, 7, 0, 1, 0, 0})
	var pe *ProtocolError
	if !errors.As(err, &pe) || err.Error() != "protocol error: short response (6 of 8 bytes)" {
		t.Errorf("short response: error %v", err)
	}
	bits := []Address{mustParse(t, "coil:0"), mustParse(t, "coil:9")}
	rb := Plan(bits, 10)[0]
	vals, err = decodeResponse(rb, bits, []byte{0x01, 0x02})
	if want := []any{true, true}; err != nil || !reflect.DeepEqual(vals, want) {
		t.Errorf("bits: decodeResponse = %v, %v; want %v", vals, err, want)
	}
	if _, err := decodeResponse(rb, bits, []byte{0x01}); err == nil || !strings.Contains(err.Error(), "short response (1 of 2 bytes)") {
		t.Errorf("short bits: error %v", err)
	}
}

// FuzzDecode feeds arbitrary response data, for a request planned from
// arbitrary addresses, through the decoding a scan does: it must never
// panic, accept exactly the lengths asked for, and decode every item of a
// complete response. Seeds are in testdata/fuzz/FuzzDecode.
//
//	go test ./tags/modbus -run '^$' -fuzz FuzzDecode -fuzztime 30s
func FuzzDecode(f *testing.F) {
	f.Add("hr:0", "hr:3:float32", []byte{0, 1, 0, 2, 0, 3, 0x40, 0x50, 0, 0})
	f.Add("coil:3", "coil:12", []byte{0xff, 0x1f})
	f.Fuzz(func(t *testing.T, s1, s2 string, data []byte) {
		var as []Address
		for _, s := range []string{s1, s2} {
			if a, err := ParseAddress(s); err == nil {
				as = append(as, a)
				_, _ = a.Decode(data)
				_, _ = toEng(tags.Def{Type: tags.Float, Scale: &tags.Scale{RawMax: 1, EngMax: 3}}, a, data)
			}
		}
		for _, r := range Plan(as, 10) {
			vals, err := decodeResponse(r, as, data)
			if (err == nil) != (len(data) == r.wantBytes()) {
				t.Fatalf("decodeResponse(%s, % x): error %v", r, data, err)
			}
			if err == nil && len(vals) != len(r.Items) {
				t.Fatalf("decodeResponse(%s): %d values for %d items", r, len(vals), len(r.Items))
			}
		}
	})
}
