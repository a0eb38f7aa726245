package opcua

import (
	"math"
	"strings"
	"testing"

	"github.com/gopcua/opcua/ua"

	"github.com/gohmi/gohmi/tags"
)

func TestToVariant(t *testing.T) {
	for _, tt := range []struct {
		name string
		def  tags.Def
		v    any
		dt   ua.TypeID
		want any // the Go value in the Variant
		err  string
	}{
		{"double", tags.Def{Type: tags.Float}, 2.5, ua.TypeIDDouble, 2.5, ""},
		{"float", tags.Def{Type: tags.Float}, 0.1, ua.TypeIDFloat, float32(0.1), ""},
		{"float too big", tags.Def{Type: tags.Float}, 1e39, ua.TypeIDFloat, nil, "1e+39 is out of range for Float"},
		{"whole double to int32", tags.Def{Type: tags.Float}, 42.0, ua.TypeIDInt32, int32(42), ""},
		{"fraction to int32", tags.Def{Type: tags.Float}, 42.5, ua.TypeIDInt32, nil, "42.5 is not a whole number, and the node is Int32"},
		{"int32 overflow", tags.Def{Type: tags.Int}, int64(1 << 31), ua.TypeIDInt32, nil, "2147483648 is out of range for Int32 (-2147483648..2147483647)"},
		{"float int32 overflow", tags.Def{Type: tags.Float}, 3e9, ua.TypeIDInt32, nil, "3e+09 is out of range for Int32 (-2147483648..2147483647)"},
		{"uint64 negative", tags.Def{Type: tags.Int}, int64(-1), ua.TypeIDUint64, nil, "-1 is out of range for UInt64"},
		{"float uint64", tags.Def{Type: tags.Float}, 1e19, ua.TypeIDUint64, uint64(1e19), ""},
		{"int16 min", tags.Def{Type: tags.Int}, int64(-32768), ua.TypeIDInt16, int16(-32768), ""},
		{"int16 below", tags.Def{Type: tags.Int}, int64(-32769), ua.TypeIDInt16, nil, "out of range for Int16 (-32768..32767)"},
		{"uint16 max", tags.Def{Type: tags.Int}, int64(65535), ua.TypeIDUint16, uint16(65535), ""},
		{"uint16 negative", tags.Def{Type: tags.Int}, int64(-1), ua.TypeIDUint16, nil, "-1 is out of range for UInt16 (0..65535)"},
		{"byte", tags.Def{Type: tags.Int}, int64(255), ua.TypeIDByte, uint8(255), ""},
		{"sbyte", tags.Def{Type: tags.Int}, int64(-128), ua.TypeIDSByte, int8(-128), ""},
		{"uint32", tags.Def{Type: tags.Int}, int64(4294967295), ua.TypeIDUint32, uint32(4294967295), ""},
		{"int64 exact", tags.Def{Type: tags.Int}, int64(math.MaxInt64), ua.TypeIDInt64, int64(math.MaxInt64), ""},
		{"uint64", tags.Def{Type: tags.Int}, int64(7), ua.TypeIDUint64, uint64(7), ""},
		{"bool", tags.Def{Type: tags.Bool}, true, ua.TypeIDBoolean, true, ""},
		{"number to bool", tags.Def{Type: tags.Float}, 1.0, ua.TypeIDBoolean, true, ""},
		{"bool to int", tags.Def{Type: tags.Bool}, true, ua.TypeIDInt16, int16(1), ""},
		{"string", tags.Def{Type: tags.String}, "abc", ua.TypeIDString, "abc", ""},
		{"number to string", tags.Def{Type: tags.Float}, 1.5, ua.TypeIDString, "1.5", ""},
		{"string to double", tags.Def{Type: tags.String}, "12.5", ua.TypeIDDouble, 12.5, ""},
		{"bad string to int", tags.Def{Type: tags.String}, "abc", ua.TypeIDInt32, nil, `cannot convert "abc" to float`},
		{"scaled", tags.Def{Type: tags.Float, Scale: &tags.Scale{RawMin: 0, RawMax: 27648, EngMin: 0, EngMax: 100}}, 50.0, ua.TypeIDInt16, int16(13824), ""},
		{"datetime", tags.Def{Type: tags.String}, "x", ua.TypeIDDateTime, nil, "writing to nodes of data type DateTime is not supported"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			def := tt.def
			v, err := toVariant(&def, tt.v, tt.dt)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v.Value() != tt.want || v.Type() != tt.dt {
				t.Errorf("variant %T(%v) of type %s, want %T(%v) of %s", v.Value(), v.Value(), typeName(v.Type()), tt.want, tt.want, typeName(tt.dt))
			}
		})
	}
}

func TestFromVariant(t *testing.T) {
	for _, tt := range []struct {
		name string
		def  tags.Def
		v    any
		want any
		err  string
	}{
		{"float32 shortest", tags.Def{Type: tags.Float}, float32(0.1), 0.1, ""},
		{"int16 to int", tags.Def{Type: tags.Int}, int16(-5), int64(-5), ""},
		{"uint16 to float", tags.Def{Type: tags.Float}, uint16(7), 7.0, ""},
		{"bool", tags.Def{Type: tags.Bool}, true, true, ""},
		{"string", tags.Def{Type: tags.String}, "x", "x", ""},
		{"localized text", tags.Def{Type: tags.String}, &ua.LocalizedText{Text: "hi"}, "hi", ""},
		{"scaled", tags.Def{Type: tags.Float, Scale: &tags.Scale{RawMax: 27648, EngMax: 100}}, int16(13824), 50.0, ""},
		{"array", tags.Def{Type: tags.Float}, []float64{1, 2}, nil, "array values are not supported"},
		{"wrong type", tags.Def{Type: tags.Int}, "abc", nil, `cannot convert "abc" to int`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			def := tt.def
			got, err := fromVariant(&def, ua.MustVariant(tt.v))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %T(%v), %v; want %T(%v)", got, got, err, tt.want, tt.want)
			}
		})
	}
}

func TestQuality(t *testing.T) {
	for _, tt := range []struct {
		code   ua.StatusCode
		q      tags.Quality
		reason string
	}{
		{ua.StatusOK, tags.Good, ""},
		{ua.StatusGoodLocalOverride, tags.Good, ""},
		{ua.StatusUncertainLastUsableValue, tags.Uncertain, "UncertainLastUsableValue"},
		{ua.StatusUncertainSensorNotAccurate, tags.Uncertain, "UncertainSensorNotAccurate"},
		{ua.StatusBadNodeIDUnknown, tags.Bad, "BadNodeIdUnknown"},
		{ua.StatusBadNotWritable, tags.Bad, "BadNotWritable"},
		{ua.StatusBadCommunicationError, tags.Bad, "BadCommunicationError"},
		{ua.StatusBadServerURIInvalid, tags.Bad, "BadServerUriInvalid"},
		{ua.StatusBadTCPServerTooBusy, tags.Bad, "BadTcpServerTooBusy"},
		{ua.StatusBadSensorFailure | 0x0400, tags.Bad, "BadSensorFailure"}, // info bits set
		{0x8FFF0000, tags.Bad, "0x8FFF0000"},
		{0xC0000000, tags.Bad, "0xC0000000"},
	} {
		t.Run(StatusName(tt.code), func(t *testing.T) {
			q, reason := Quality(tt.code)
			if q != tt.q || reason != tt.reason {
				t.Errorf("Quality(0x%08X) = %s, %q; want %s, %q", uint32(tt.code), q, reason, tt.q, tt.reason)
			}
		})
	}
}

func TestStatusError(t *testing.T) {
	err := &StatusError{ua.StatusBadTypeMismatch}
	want := "BadTypeMismatch: The value supplied for the attribute is not of the same type as the attribute's value."
	if err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}

func TestWriteType(t *testing.T) {
	for _, tt := range []struct {
		name string
		dt   *ua.NodeID
		cur  *ua.Variant
		want ua.TypeID
	}{
		{"built-in", ua.NewNumericNodeID(0, 6), nil, ua.TypeIDInt32},
		{"enumeration uses the value's type", ua.NewNumericNodeID(0, 29), ua.MustVariant(int32(2)), ua.TypeIDInt32},
		{"duration uses the value's type", ua.NewNumericNodeID(0, 290), ua.MustVariant(1.5), ua.TypeIDDouble},
		{"custom type without value", ua.NewStringNodeID(2, "MyEnum"), nil, 0},
		{"array value", ua.NewNumericNodeID(0, 24), ua.MustVariant([]int32{1}), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := writeType(tt.dt, tt.cur); got != tt.want {
				t.Errorf("got %s, want %s", typeName(got), typeName(tt.want))
			}
		})
	}
}
