package modbus_test

import (
	"testing"

	"github.com/gohmi/gohmi/tags/modbus"
)

func TestParseAddress(t *testing.T) {
	hr := func(off uint16) modbus.Address {
		return modbus.Address{Area: modbus.HoldingRegister, Offset: off, Bit: -1, Format: modbus.Int16}
	}
	with := func(a modbus.Address, f func(*modbus.Address)) modbus.Address { f(&a); return a }
	bit := func(area modbus.Area, off uint16) modbus.Address {
		return modbus.Address{Area: area, Offset: off, Bit: -1, Format: modbus.Bool}
	}
	for _, tt := range []struct {
		in   string
		want modbus.Address
		str  string
	}{
		{"hr:100", hr(100), "hr:100"},
		{"HR:0", hr(0), "hr:0"},
		{"ir:5", with(hr(5), func(a *modbus.Address) { a.Area = modbus.InputRegister }), "ir:5"},
		{"coil:3", bit(modbus.Coil, 3), "coil:3"},
		{"di:7", bit(modbus.DiscreteInput, 7), "di:7"},
		{"coil:3:bool", bit(modbus.Coil, 3), "coil:3"},
		{"40001", hr(0), "hr:0"},
		{"49999", hr(9998), "hr:9998"},
		{"400001", hr(0), "hr:0"},
		{"465536", hr(65535), "hr:65535"},
		{"30001", with(hr(0), func(a *modbus.Address) { a.Area = modbus.InputRegister }), "ir:0"},
		{"00001", bit(modbus.Coil, 0), "coil:0"},
		{"1", bit(modbus.Coil, 0), "coil:0"},
		{"9999", bit(modbus.Coil, 9998), "coil:9998"},
		{"10001", bit(modbus.DiscreteInput, 0), "di:0"},
		{"40101.15", with(hr(100), func(a *modbus.Address) { a.Bit, a.Format = 15, modbus.Bool }), "hr:100.15"},
		{"hr:100.3", with(hr(100), func(a *modbus.Address) { a.Bit, a.Format = 3, modbus.Bool }), "hr:100.3"},
		{"hr:100.3:bool", with(hr(100), func(a *modbus.Address) { a.Bit, a.Format = 3, modbus.Bool }), "hr:100.3"},
		{"hr:100:uint16", with(hr(100), func(a *modbus.Address) { a.Format = modbus.Uint16 }), "hr:100:uint16"},
		{"hr:100:float32", with(hr(100), func(a *modbus.Address) { a.Format = modbus.Float32 }), "hr:100:float32"},
		{"hr:100:int32:cdab", with(hr(100), func(a *modbus.Address) { a.Format, a.Order = modbus.Int32, modbus.CDAB }), "hr:100:int32:cdab"},
		{"hr:100:Float64:DCBA", with(hr(100), func(a *modbus.Address) { a.Format, a.Order = modbus.Float64, modbus.DCBA }), "hr:100:float64:dcba"},
		{"hr:100:uint32:abcd", with(hr(100), func(a *modbus.Address) { a.Format = modbus.Uint32 }), "hr:100:uint32"},
		{"hr:100:string:10", with(hr(100), func(a *modbus.Address) { a.Format, a.Len = modbus.String, 10 }), "hr:100:string:10"},
		{"40101:float32:badc", with(hr(100), func(a *modbus.Address) { a.Format, a.Order = modbus.Float32, modbus.BADC }), "hr:100:float32:badc"},
		{"hr:65534:int32", with(hr(65534), func(a *modbus.Address) { a.Format = modbus.Int32 }), "hr:65534:int32"},
		{" hr:1 ", hr(1), "hr:1"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := modbus.ParseAddress(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("ParseAddress(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
			if s := got.String(); s != tt.str {
				t.Errorf("String() = %q, want %q", s, tt.str)
			}
		})
	}
}

func TestParseAddressErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", `address "": empty`},
		{"hr:x", `address "hr:x": offset "x" is not a number 0…65535`},
		{"hr:", `address "hr:": missing offset after "hr:"`},
		{"hr:70000", `address "hr:70000": offset "70000" is not a number 0…65535`},
		{"hx:1", `address "hx:1": unknown area "hx" (want hr, ir, coil, di or a Modicon number like 40001), did you mean "hr"?`},
		{"40000", `address "40000": Modicon number "40000": register "0000" is not a number 1…65536 (Modicon numbers are 1-based)`},
		{"50001", `address "50001": Modicon number "50001": no area 5 (0 coils, 1 discrete inputs, 3 input registers, 4 holding registers)`},
		{"4000001", `address "4000001": Modicon number "4000001" has more than 6 digits`},
		{"hr:1.16", `address "hr:1.16": bit "16" is not a number 0…15`},
		{"coil:1.2", `address "coil:1.2": coil is a bit already and has no bit .2`},
		{"hr:1:float", `address "hr:1:float": unknown type "float" (want int16, uint16, int32, uint32, float32, float64, string or bool), did you mean "float32"?`},
		{"hr:1:flaot32", `address "hr:1:flaot32": unknown type "flaot32" (want int16, uint16, int32, uint32, float32, float64, string or bool), did you mean "float32"?`},
		{"hr:1:int32:cbad", `address "hr:1:int32:cbad": unknown byte order "cbad" (want abcd, badc, cdab or dcba), did you mean "abcd"?`},
		{"hr:1:int16:cdab", `address "hr:1:int16:cdab": byte order "cdab" applies only to 32- and 64-bit types, not int16`},
		{"hr:1:string", `address "hr:1:string": string needs a length in registers, as in hr:1:string:10`},
		{"hr:1:string:0", `address "hr:1:string:0": string length "0" is not a number of registers 1…125`},
		{"hr:1:string:126", `address "hr:1:string:126": string length "126" is not a number of registers 1…125`},
		{"coil:1:int16", `address "coil:1:int16": coil is a single bit: type int16 needs a register (hr or ir)`},
		{"hr:1.2:int16", `address "hr:1.2:int16": a bit of a register is a bool, not int16`},
		{"hr:1:bool", `address "hr:1:bool": type bool on a register needs a bit: hr:1.0`},
		{"hr:1:int32:abcd:x", `address "hr:1:int32:abcd:x": too many parts after the type: "x"`},
		{"hr:65535:float32", `address "hr:65535:float32": float32 at 65535 runs past the last register 65535`},
	} {
		t.Run(tt.in, func(t *testing.T) {
			_, err := modbus.ParseAddress(tt.in)
			if err == nil || err.Error() != tt.want {
				t.Errorf("ParseAddress(%q) error\n got: %v\nwant: %s", tt.in, err, tt.want)
			}
		})
	}
}

// FuzzParseAddress checks that ParseAddress never panics and that the
// canonical form of whatever parses parses back to the same address.
//
//	go test ./tags/modbus -run '^$' -fuzz FuzzParseAddress -fuzztime 30s
func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"hr:100", "40001", "hr:100.3", "hr:100:int32:cdab", "hr:1:string:10", "coil:3", "1", "465536", "hr:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := modbus.ParseAddress(s)
		if err != nil {
			return
		}
		b, err := modbus.ParseAddress(a.String())
		if err != nil || a != b {
			t.Fatalf("ParseAddress(%q) = %+v; its String %q parses to %+v, %v", s, a, a.String(), b, err)
		}
		if int(a.Offset)+a.Words() > 65536 || a.Words() < 1 {
			t.Fatalf("ParseAddress(%q) = %+v covers %d words", s, a, a.Words())
		}
	})
}
