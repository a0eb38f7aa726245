package trends

import (
	"math"
	"math/rand/v2"
)

// t0ms is the tests' start time, ms since 1970.
var t0ms = int64(1_795_000_000_000)

// signal is a recorded-like test signal: n samples every step ms.
type signal struct {
	name string
	gen  func(i int, r *rand.Rand) float64
}

// signals are the sim's signal kinds (tags/sim) and a noisy one, with
// the demo's ranges.
var signals = []signal{
	{"sine", func(i int, _ *rand.Rand) float64 { return 60 + 25*math.Sin(2*math.Pi*float64(i)/120) }},
	{"ramp", func(i int, _ *rand.Rand) float64 { return 40 + 50*float64(i%45)/45 }},
	{"square", func(i int, _ *rand.Rand) float64 {
		if i%40 < 20 {
			return 1
		}
		return 0
	}},
	{"counter", func(i int, _ *rand.Rand) float64 { return float64(i / 10 % 101) }},
	{"random", nil}, // a random walk: see samples
	{"noisy-sine", func(i int, r *rand.Rand) float64 {
		return 3.2 + 0.8*math.Sin(2*math.Pi*float64(i)/20) + 0.05*r.NormFloat64()
	}},
}

// samples generates n points of sig every stepMs, with a little time
// jitter; bad, when > 0, makes about one sample in bad a Bad one, in runs.
func (sig signal) samples(n int, stepMs int64, bad int, seed uint64) []point {
	r := rand.New(rand.NewPCG(seed, 99))
	out := make([]point, 0, n)
	t := t0ms
	walk := 25.0
	badLeft := 0
	for i := range n {
		t += stepMs + int64(r.IntN(3)) - 1
		v := 0.0
		if sig.gen == nil {
			walk += 0.5 * (2*r.Float64() - 1)
			walk = math.Max(18, math.Min(32, walk))
			v = walk
		} else {
			v = sig.gen(i, r)
		}
		if bad > 0 && badLeft == 0 && r.IntN(bad) == 0 {
			badLeft = 1 + r.IntN(5)
		}
		if badLeft > 0 {
			badLeft--
			out = append(out, point{t: t})
			continue
		}
		out = append(out, point{t: t, v: v, good: true})
	}
	return out
}
