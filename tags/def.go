package tags

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Scale is a linear conversion between raw device units and engineering
// units: RawMin maps to EngMin and RawMax to EngMax (a 4–20 mA input read
// as 0…27648 counts shown as 0…100 %). Values outside the range extrapolate.
type Scale struct{ RawMin, RawMax, EngMin, EngMax float64 }

// ToEng converts a raw device value to engineering units.
func (s Scale) ToEng(raw float64) float64 {
	return s.EngMin + (raw-s.RawMin)*(s.EngMax-s.EngMin)/(s.RawMax-s.RawMin)
}

// ToRaw converts a value in engineering units to raw device units.
func (s Scale) ToRaw(eng float64) float64 {
	return s.RawMin + (eng-s.EngMin)*(s.RawMax-s.RawMin)/(s.EngMax-s.EngMin)
}

// check reports a scale that cannot be inverted or is not finite.
func (s Scale) check() error {
	for _, f := range []float64{s.RawMin, s.RawMax, s.EngMin, s.EngMax} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return errors.New("scale limits must be finite numbers")
		}
	}
	if s.RawMin == s.RawMax {
		return errors.New("scale raw_min and raw_max must differ")
	}
	if s.EngMin == s.EngMax {
		return errors.New("scale eng_min and eng_max must differ")
	}
	return nil
}

// Def describes a tag. It is immutable once defined in a [DB].
type Def struct {
	// Name is dotted, like "Tank1.Level"; see [ValidName].
	Name string
	// Conn names the connection (driver) that owns the tag and takes its writes.
	Conn     string
	Type     Type
	Unit     string
	Writable bool
	// Min and Max are engineering limits, enforced on writes; nil means none.
	Min, Max *float64
	// Scale converts between raw device units and engineering units; drivers apply it.
	Scale *Scale
	// Address is driver specific (a Modbus register, an OPC UA node id);
	// empty for simulated tags.
	Address string
}

// check validates a definition on its own (not against other tags).
func (d Def) check() error {
	if err := ValidName(d.Name); err != nil {
		return err
	}
	if !d.Type.valid() {
		return fmt.Errorf("tag %s: invalid type %s", d.Name, d.Type)
	}
	if d.Min != nil && d.Max != nil && *d.Min > *d.Max {
		return fmt.Errorf("tag %s: min %s is above max %s", d.Name, formatV(*d.Min), formatV(*d.Max))
	}
	if d.Scale != nil {
		if err := d.Scale.check(); err != nil {
			return fmt.Errorf("tag %s: %w", d.Name, err)
		}
	}
	return nil
}

// ValidName checks a tag name: one or more segments separated by dots, each
// segment a letter or underscore followed by letters, digits or underscores,
// as in "Tank1.Level" or "Pump_2.Run". The same rule makes every tag name a
// valid member chain in expressions; for that reason the first segment may
// not be one of the expression language's words (true, false, nil, in, not,
// and, or, matches, contains, startsWith, endsWith, let, if, else). Later
// segments may: "Valve.in" is fine.
func ValidName(name string) error {
	if name == "" {
		return errors.New("empty tag name")
	}
	first, _, _ := strings.Cut(name, ".")
	if reserved[first] {
		return fmt.Errorf("invalid tag name %q: %q is a reserved word in expressions", name, first)
	}
	for seg := range strings.SplitSeq(name, ".") {
		if err := validSegment(seg); err != nil {
			return fmt.Errorf("invalid tag name %q: %s", name, err)
		}
	}
	return nil
}

// reserved are the words expr's lexer does not read as identifiers.
var reserved = map[string]bool{
	"true": true, "false": true, "nil": true, "in": true, "not": true, "and": true, "or": true,
	"matches": true, "contains": true, "startsWith": true, "endsWith": true,
	"let": true, "if": true, "else": true,
}

func validSegment(seg string) error {
	if seg == "" {
		return errors.New("empty segment")
	}
	for i, r := range seg {
		letter := r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
		digit := '0' <= r && r <= '9'
		switch {
		case i == 0 && digit:
			return fmt.Errorf("segment %q starts with a digit", seg)
		case !letter && !digit:
			return fmt.Errorf("segment %q contains %q", seg, r)
		}
	}
	return nil
}
