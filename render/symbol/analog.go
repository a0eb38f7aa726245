package symbol

import (
	"math"
	"strconv"

	"fyne.io/fyne/v2/canvas"
)

// analogView is what the analog setters need from a renderer.
type analogView interface {
	applyValue() // value graphics and value text
	applyScale() // min/max text, then applyValue
}

// analog is the state of a symbol that shows a number on a scale: [Tank],
// [Bar] and [Gauge]. Its exported methods are promoted to them.
type analog struct {
	min, max float64
	value    float64
	decimals int
	unit     string
	view     analogView

	buf []byte // scratch for formatting; reused so SetValue allocates only the new string
}

func newAnalog(v analogView) analog {
	return analog{max: 100, decimals: 1, view: v, buf: make([]byte, 0, 32)}
}

// SetRange sets the values drawn as empty and as full. Values outside the
// range clamp the drawing, never the text.
func (a *analog) SetRange(min, max float64) {
	if min == a.min && max == a.max {
		return
	}
	a.min, a.max = min, max
	a.view.applyScale()
}

// SetValue sets the process value.
func (a *analog) SetValue(v float64) {
	if v == a.value || (math.IsNaN(v) && math.IsNaN(a.value)) {
		return
	}
	a.value = v
	a.view.applyValue()
}

// SetUnit sets the engineering unit written after the value, e.g. "%".
func (a *analog) SetUnit(unit string) {
	if unit == a.unit {
		return
	}
	a.unit = unit
	a.view.applyValue()
}

// SetDecimals sets how many digits follow the decimal point (0 to 6).
func (a *analog) SetDecimals(n int) {
	n = min(max(n, 0), 6)
	if n == a.decimals {
		return
	}
	a.decimals = n
	a.view.applyValue()
}

// fraction is the value's position on the range, clamped to [0, 1].
// NaN, infinities of the wrong sign and an empty range draw as empty.
func (a *analog) fraction() float32 {
	span := a.max - a.min
	if span == 0 || math.IsNaN(a.value) {
		return 0
	}
	f := (a.value - a.min) / span
	if !(f > 0) {
		return 0
	}
	return float32(min(f, 1))
}

// valueText formats the value for quality s into the scratch buffer:
// "62.5 %", "62.5 % ?" (Uncertain) or bad (Bad). The result is valid until
// the next call.
func (a *analog) valueText(s Status, bad string) []byte {
	b := a.buf[:0]
	switch {
	case s == Bad:
		b = append(b, bad...)
	case math.IsNaN(a.value):
		b = append(b, "---"...)
	default:
		b = strconv.AppendFloat(b, a.value, 'f', a.decimals, 64)
		b = trimNegativeZero(b)
	}
	if s != Bad && a.unit != "" {
		b = append(b, ' ')
		b = append(b, a.unit...)
	}
	if s == Uncertain {
		b = append(b, " ?"...)
	}
	a.buf = b
	return b
}

// scaleText formats a range end for the scale: no trailing zeros.
func scaleText(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// trimNegativeZero turns "-0.0" (a small negative value rounded away) into
// "0.0": a minus sign on zero reads like a sensor fault.
func trimNegativeZero(b []byte) []byte {
	if len(b) == 0 || b[0] != '-' {
		return b
	}
	for _, c := range b[1:] {
		if c != '0' && c != '.' {
			return b
		}
	}
	return append(b[:0], b[1:]...)
}

// scaled are the texts of a symbol drawn on a scale, [Bar] and [Gauge]:
// its range ends, label and value. Their renderers embed it.
type scaled struct {
	min, max     *canvas.Text // range ends, small and muted
	label, value *canvas.Text
}

// applyRange writes the range ends.
func (s *scaled) applyRange(b *base, a *analog) {
	b.setText(s.min, scaleText(a.min))
	b.setText(s.max, scaleText(a.max))
}

// applyValueColor colours the value text for the quality: Bad is magenta.
func (s *scaled) applyValueColor(b *base) {
	s.value.Color = b.pal.Text
	if b.status == Bad {
		s.value.Color = b.pal.Bad
	}
	b.refresh(s.value)
}

// styleTexts gives the texts the palette's colours and sizes.
func (s *scaled) styleTexts(b *base) {
	p := &b.pal
	b.styleText(s.label, p.Text, p.textSize())
	b.styleText(s.min, p.Muted, p.scaleSize())
	b.styleText(s.max, p.Muted, p.scaleSize())
	s.value.TextSize = p.textSize()
}
