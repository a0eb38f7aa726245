package tags_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/tags"
)

func TestQualityString(t *testing.T) {
	for q, want := range map[tags.Quality]string{tags.Good: "good", tags.Uncertain: "uncertain", tags.Bad: "bad", 7: "Quality(7)"} {
		if got := q.String(); got != want {
			t.Errorf("Quality(%d).String() = %q, want %q", q, got, want)
		}
	}
}

func TestValueFloatAndString(t *testing.T) {
	for _, tt := range []struct {
		name   string
		v      tags.Value
		f      float64
		ok     bool
		String string
	}{
		{"float", tags.Value{V: 62.5}, 62.5, true, "62.5 (good)"},
		{"int", tags.Value{V: int64(-3)}, -3, true, "-3 (good)"},
		{"true", tags.Value{V: true, Quality: tags.Uncertain, Reason: "stale"}, 1, true, "true (uncertain: stale)"},
		{"false", tags.Value{V: false}, 0, true, "false (good)"},
		{"string", tags.Value{V: "on"}, 0, false, `"on" (good)`},
		{"nil", tags.Value{Quality: tags.Bad, Reason: "waiting for initial data"}, 0, false, "- (bad: waiting for initial data)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := tt.v.Float()
			if f != tt.f || ok != tt.ok {
				t.Errorf("Float() = %v, %v; want %v, %v", f, ok, tt.f, tt.ok)
			}
			if got := tt.v.String(); got != tt.String {
				t.Errorf("String() = %q, want %q", got, tt.String)
			}
		})
	}
}

func TestParseType(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want tags.Type
		err  string
	}{
		{"bool", tags.Bool, ""}, {"BOOLEAN", tags.Bool, ""},
		{"int", tags.Int, ""}, {"int16", tags.Int, ""}, {"int32", tags.Int, ""}, {"uint16", tags.Int, ""}, {"uint32", tags.Int, ""},
		{"float", tags.Float, ""}, {"float32", tags.Float, ""}, {"float64", tags.Float, ""}, {"double", tags.Float, ""}, {"REAL", tags.Float, ""},
		{"string", tags.String, ""},
		{"flaot", 0, `unknown type "flaot", did you mean "float"?`},
		{"", 0, `unknown type ""`},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := tags.ParseType(tt.in)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("ParseType(%q) error = %v, want %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseType(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if back, _ := tags.ParseType(got.String()); back != got {
				t.Errorf("String() %q does not parse back", got)
			}
		})
	}
}

func TestConvert(t *testing.T) {
	for _, tt := range []struct {
		name string
		t    tags.Type
		in   any
		want any
		err  string
	}{
		{"float from float", tags.Float, 1.5, 1.5, ""},
		{"float from int", tags.Float, 3, 3.0, ""},
		{"float from uint16", tags.Float, uint16(7), 7.0, ""},
		{"float from float32", tags.Float, float32(0.5), 0.5, ""},
		{"float from bool", tags.Float, true, 1.0, ""},
		{"float from string", tags.Float, " 12.5 ", 12.5, ""},
		{"float from json", tags.Float, json.Number("2e3"), 2000.0, ""},
		{"float from junk", tags.Float, "abc", nil, `cannot convert "abc" to float`},
		{"float from nil", tags.Float, nil, nil, `cannot convert - to float`},
		{"float from slice", tags.Float, []int{1}, nil, `cannot convert value of type []int to float`},
		{"int from int", tags.Int, 42, int64(42), ""},
		{"int from uint64 max", tags.Int, uint64(math.MaxUint64), nil, `cannot convert 18446744073709551615 to int`},
		{"int from whole float", tags.Int, 4.0, int64(4), ""},
		{"int from fraction", tags.Int, 2.5, nil, `cannot convert 2.5 to int`},
		{"int from NaN", tags.Int, math.NaN(), nil, `cannot convert NaN to int`},
		{"int from string", tags.Int, "0x10", int64(16), ""},
		{"int from float string", tags.Int, "12.0", int64(12), ""},
		{"int from bool", tags.Int, false, int64(0), ""},
		{"bool from bool", tags.Bool, true, true, ""},
		{"bool from on", tags.Bool, "On", true, ""},
		{"bool from 0", tags.Bool, "0", false, ""},
		{"bool from number", tags.Bool, int16(2), true, ""},
		{"bool from junk", tags.Bool, "maybe", nil, `cannot convert "maybe" to bool`},
		{"string from string", tags.String, "x", "x", ""},
		{"string from float", tags.String, 0.1, "0.1", ""},
		{"string from int", tags.String, int32(-5), "-5", ""},
		{"string from bool", tags.String, true, "true", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.t.Convert(tt.in)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("Convert(%#v) = %#v, %v; want error %q", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Convert(%#v) = %#v, %v; want %#v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestValidName(t *testing.T) {
	for _, tt := range []struct{ name, err string }{
		{"Tank1.Level", ""},
		{"_x.y_2.Z", ""},
		{"Speed", ""},
		{"Valve.in", ""},
		{"true.x", `invalid tag name "true.x": "true" is a reserved word in expressions`},
		{"in", `invalid tag name "in": "in" is a reserved word in expressions`},
		{"", "empty tag name"},
		{"Tank1..Level", `invalid tag name "Tank1..Level": empty segment`},
		{"Tank1.", `invalid tag name "Tank1.": empty segment`},
		{"1Tank", `invalid tag name "1Tank": segment "1Tank" starts with a digit`},
		{"Tank-1", `invalid tag name "Tank-1": segment "Tank-1" contains '-'`},
		{"Tänk", `invalid tag name "Tänk": segment "Tänk" contains 'ä'`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tags.ValidName(tt.name)
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || err.Error() != tt.err) {
				t.Errorf("ValidName(%q) = %v, want %q", tt.name, err, tt.err)
			}
		})
	}
}

func TestScale(t *testing.T) {
	s := tags.Scale{RawMin: 0, RawMax: 27648, EngMin: 0, EngMax: 100}
	for _, tt := range []struct{ raw, eng float64 }{{0, 0}, {27648, 100}, {13824, 50}, {-2764.8, -10}} {
		if got := s.ToEng(tt.raw); math.Abs(got-tt.eng) > 1e-9 {
			t.Errorf("ToEng(%v) = %v, want %v", tt.raw, got, tt.eng)
		}
		if got := s.ToRaw(tt.eng); math.Abs(got-tt.raw) > 1e-9 {
			t.Errorf("ToRaw(%v) = %v, want %v", tt.eng, got, tt.raw)
		}
	}
}

// t0 is a fixed clock for tests.
var t0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return t0 }

func contains(err error, want string) bool {
	return err != nil && strings.Contains(err.Error(), want)
}
