package tags

import (
	"fmt"
	"math"
	"strings"

	"github.com/expr-lang/expr"
)

// functionOptions returns the expr options that declare our functions, with
// the signatures expr's checker validates calls against.
func functionOptions() []expr.Option {
	return []expr.Option{
		expr.Function("format", fnFormat, new(func(string, ...any) string)),
		expr.Function("round", fnRound, new(func(float64, ...int) float64)),
		expr.Function("clamp", fnClamp, new(func(float64, float64, float64) float64)),
		expr.Function("scale", fnScale, new(func(float64, float64, float64, float64, float64) float64)),
	}
}

func fnFormat(args ...any) (any, error) {
	layout, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("format: layout must be a string, not %T", args[0])
	}
	if err := checkLayout(layout); err != nil {
		return nil, err
	}
	out := fmt.Sprintf(layout, args[1:]...)
	if len(out) > MaxText {
		return nil, errTooLong("format", len(out))
	}
	return out, nil
}

// maxWidth bounds a format verb's width and precision: Sprintf allocates
// them before anything can be checked.
const maxWidth = 100

// checkLayout refuses widths and precisions above maxWidth, and * ones.
func checkLayout(layout string) error {
	for i := 0; i < len(layout); i++ {
		if layout[i] != '%' {
			continue
		}
		// Flags, argument indexes, width, precision, up to the verb.
		for i++; i < len(layout) && strings.IndexByte("+-# 0.[]123456789", layout[i]) >= 0; i++ {
			if c := layout[i]; c < '1' || c > '9' {
				continue
			}
			n := 0
			for ; i < len(layout) && layout[i] >= '0' && layout[i] <= '9'; i++ {
				n = min(n*10+int(layout[i]-'0'), 1e9)
			}
			if i < len(layout) && layout[i] == ']' {
				continue // an argument index
			}
			if n > maxWidth {
				return fmt.Errorf("format: width or precision %d is more than %d", n, maxWidth)
			}
			i--
		}
		if i < len(layout) && layout[i] == '*' {
			return fmt.Errorf("format: * width or precision is not allowed")
		}
	}
	return nil
}

func fnRound(args ...any) (any, error) {
	var buf [2]float64
	v, err := floats("round", args, buf[:0])
	if err != nil {
		return nil, err
	}
	if len(v) > 2 {
		return nil, fmt.Errorf("round: too many arguments")
	}
	if len(v) == 1 {
		return math.Round(v[0]), nil
	}
	return roundTo(v[0], v[1]), nil
}

// roundTo rounds v to decimals places, half away from zero. It snaps away
// the binary representation error of decimal inputs first, so that
// roundTo(2.345, 2) is 2.35 as an operator expects, not 2.34.
func roundTo(v, decimals float64) float64 {
	p := math.Pow(10, math.Max(-15, math.Min(15, math.Round(decimals))))
	s := v * p
	if snapped := math.Round(s*1e6) / 1e6; !math.IsInf(snapped, 0) {
		s = snapped
	}
	if r := math.Round(s) / p; !math.IsInf(r, 0) && !math.IsNaN(r) {
		return r
	}
	return v
}

func fnClamp(args ...any) (any, error) {
	var buf [3]float64
	v, err := floats("clamp", args, buf[:0])
	if err != nil {
		return nil, err
	}
	return math.Max(v[1], math.Min(v[2], v[0])), nil
}

func fnScale(args ...any) (any, error) {
	var buf [5]float64
	v, err := floats("scale", args, buf[:0])
	if err != nil {
		return nil, err
	}
	if v[1] == v[2] {
		return nil, fmt.Errorf("scale: input range %g..%g is empty", v[1], v[2])
	}
	return v[3] + (v[0]-v[1])*(v[4]-v[3])/(v[2]-v[1]), nil
}

// floats appends the numeric arguments to out, a caller's stack buffer.
func floats(fn string, args []any, out []float64) ([]float64, error) {
	for i, a := range args {
		f, ok := toFloat(a)
		if !ok {
			return nil, fmt.Errorf("%s: argument %d is %T, not a number", fn, i+1, a)
		}
		out = append(out, f)
	}
	return out, nil
}
