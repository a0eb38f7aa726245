package symbol_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/render/symbol"
)

// CGO_ENABLED=0 go test -tags migrated_fynedo -run '^$' -bench . ./render/symbol/

func shownTank(b *testing.B) *symbol.Tank {
	test.NewTempApp(b)
	tk := tank(0, symbol.Good)
	test.NewTempWindow(b, tk)
	tk.Resize(fyne.NewSize(100, 200))
	return tk
}

// BenchmarkTankSetValue is the cost of one changed value: level geometry,
// formatting, two object refreshes.
func BenchmarkTankSetValue(b *testing.B) {
	tk := shownTank(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		tk.SetValue(float64(i%1000) / 10)
	}
}

// BenchmarkTankSetValueUnchanged is the cost of a value that did not change.
func BenchmarkTankSetValueUnchanged(b *testing.B) {
	tk := shownTank(b)
	tk.SetValue(50)
	b.ReportAllocs()
	for b.Loop() {
		tk.SetValue(50)
	}
}

// BenchmarkGaugeSetValue is the gauge's equivalent of BenchmarkTankSetValue.
func BenchmarkGaugeSetValue(b *testing.B) {
	test.NewTempApp(b)
	g := gauge(0, symbol.Good)
	test.NewTempWindow(b, g)
	g.Resize(fyne.NewSize(140, 160))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		g.SetValue(float64(i%1600) / 100)
	}
}
