package sim

import (
	"fmt"
	"math"
	"time"

	"github.com/gohmi/gohmi/tags"
)

// Signal describes how a simulated tag's value evolves. The zero Signal is
// a memory tag with the zero value of its type.
type Signal struct {
	Kind Kind
	// Period is the period of sine, ramp and square signals and the step
	// interval of random and counter signals. Default 1s.
	Period time.Duration
	// Min and Max bound the output. Default (both zero) 0..100.
	Min, Max float64
	// Phase shifts sine, ramp and square signals by a fraction of a period,
	// 0 ≤ Phase < 1.
	Phase float64
	// Step is the largest change per Period of a random walk and the
	// increment of a counter. Default 1.
	Step float64
	// Initial is the initial value of a memory tag, converted to the tag's
	// type; nil means the zero value.
	Initial any
}

// Tag is a simulated tag: its definition and its signal.
type Tag struct {
	Def    tags.Def
	Signal Signal
}

// withDefaults fills in the documented defaults.
func (s Signal) withDefaults() Signal {
	if s.Period == 0 {
		s.Period = time.Second
	}
	if s.Min == 0 && s.Max == 0 {
		s.Max = 100
	}
	if s.Step == 0 {
		s.Step = 1
	}
	return s
}

// check validates a signal (with defaults applied) for a tag of type t.
func (s Signal) check(t tags.Type) error {
	switch {
	case s.Kind > Counter:
		return fmt.Errorf("invalid signal kind %s", s.Kind)
	case s.Kind == Memory:
		return nil
	case t == tags.String:
		return fmt.Errorf("a string tag can only be a memory signal, not %s", s.Kind)
	case s.Period < 0:
		return fmt.Errorf("period must be positive, not %s", s.Period)
	case !finite(s.Min, s.Max, s.Phase, s.Step):
		return fmt.Errorf("min, max, phase and step must be finite numbers")
	case s.Min >= s.Max:
		return fmt.Errorf("min %g must be below max %g", s.Min, s.Max)
	case s.Phase < 0 || s.Phase >= 1:
		return fmt.Errorf("phase %g must be in 0..1 (a fraction of the period)", s.Phase)
	case s.Step < 0:
		return fmt.Errorf("step %g must be positive", s.Step)
	}
	return nil
}

func finite(fs ...float64) bool {
	for _, f := range fs {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}

// simTag is one tag of a Driver.
type simTag struct {
	def  tags.Def
	sig  Signal // with defaults
	seed uint64 // of the random walk: from Options.Seed and the name

	// Guarded by Driver.mu:
	origin  time.Duration // elapsed time at which the tag was added by Retag; its signal starts there
	mem     any           // memory value
	written bool          // mem was written, not only initialised
	walkN   int64         // random walk cache: the walk is at walkV after walkN steps
	walkV   float64       //
}

// value is the tag's value at elapsed time since start, in the tag's type.
// The caller holds Driver.mu.
func (t *simTag) value(elapsed time.Duration) any {
	s := &t.sig
	switch s.Kind {
	case Memory:
		return t.mem
	case Sine, Ramp, Square:
		frac := s.phaseAt(elapsed)
		if t.def.Type == tags.Bool {
			return frac < 0.5
		}
		return t.typed(s.periodic(frac))
	case Random:
		v := t.walk(s.steps(elapsed))
		if t.def.Type == tags.Bool {
			return v >= (s.Min+s.Max)/2
		}
		return t.typed(v)
	}
	n := s.steps(elapsed) // Counter
	if t.def.Type == tags.Bool {
		return n%2 == 1
	}
	count := int64(math.Floor((s.Max-s.Min)/s.Step+1e-9)) + 1
	return t.typed(s.Min + s.Step*float64(n%count))
}

// phaseAt is the position within the period at elapsed, in 0..1.
func (s *Signal) phaseAt(elapsed time.Duration) float64 {
	c := float64(elapsed)/float64(s.Period) + s.Phase
	return c - math.Floor(c)
}

// periodic is the sine, ramp or square value at frac of the period.
func (s *Signal) periodic(frac float64) float64 {
	switch s.Kind {
	case Sine:
		return (s.Min+s.Max)/2 + (s.Max-s.Min)/2*math.Sin(2*math.Pi*frac)
	case Ramp:
		return s.Min + (s.Max-s.Min)*frac
	}
	if frac < 0.5 {
		return s.Max
	}
	return s.Min
}

// steps is the number of whole periods in elapsed.
func (s *Signal) steps(elapsed time.Duration) int64 {
	return max(0, int64(elapsed/s.Period))
}

// walk returns the random walk's value after n steps. Step i moves by
// Step·(2u−1), u a hash of the tag's seed and i, so the walk depends only
// on the seed, the name and n. It continues from the cached position when
// it can; going back in time replays from the start.
func (t *simTag) walk(n int64) float64 {
	s := &t.sig
	if n < t.walkN {
		t.walkN, t.walkV = 0, t.walkStart()
	}
	for t.walkN < n {
		t.walkN++
		u := float64(splitmix(t.seed+uint64(t.walkN)*0x9E3779B97F4A7C15)>>11) / (1 << 53)
		v := t.walkV + s.Step*(2*u-1)
		if v > s.Max {
			v = 2*s.Max - v
		}
		if v < s.Min {
			v = 2*s.Min - v
		}
		t.walkV = math.Max(s.Min, math.Min(s.Max, v))
	}
	return t.walkV
}

// walkStart is where a random walk begins: the middle of its range.
func (t *simTag) walkStart() float64 { return (t.sig.Min + t.sig.Max) / 2 }

// typed converts a signal's float to the tag's type: Int tags round.
func (t *simTag) typed(f float64) any {
	if t.def.Type == tags.Int {
		return int64(math.Round(f))
	}
	return f
}

// splitmix is the SplitMix64 finaliser, a fast, well-mixed hash.
func splitmix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	return x ^ x>>31
}

// nameSeed mixes the driver's seed with a tag name (FNV-1a).
func nameSeed(seed int64, name string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(name); i++ {
		h = (h ^ uint64(name[i])) * 1099511628211
	}
	return splitmix(h ^ splitmix(uint64(seed)))
}
