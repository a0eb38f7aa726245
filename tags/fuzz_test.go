package tags_test

import (
	"errors"
	"testing"

	"github.com/gohmi/gohmi/tags"
)

// FuzzCompile checks that Compile never panics, that every error is an
// *ExprError whose offset lies within the source, and that whatever
// compiles also evaluates without panicking.
//
//	go test ./tags -run '^$' -fuzz FuzzCompile -fuzztime 30s
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		`Tank1.Level > 90`, `Pump1.Run && !Pump1.Fault`, `format("%.1f", Tank1.Level)`,
		`round(Tank1.Level / 3, 1)`, `Tank1.Lvl`, `"é" + Tank1.Lvl`, `(1 +`, `"abc`,
		`let x = Tank1.Level; x * 2`, `map([1, 2], # * Tank1.Level)`, `Tank1?.Level`,
		`Pump1.Starts % 0`, "1 +\n  (2", `Tank1["Level"]`, `$env["Tank1.Level"]`,
	} {
		f.Add(s)
	}
	env := tags.NewEnv(newDB(f).Defs())
	f.Fuzz(func(t *testing.T, src string) {
		x, err := env.Compile(src)
		if err != nil {
			var ee *tags.ExprError
			if !errors.As(err, &ee) {
				t.Fatalf("Compile(%q) error %T %v, want *ExprError", src, err, err)
			}
			if ee.Offset < 0 || ee.Offset > len(src) {
				t.Fatalf("Compile(%q) error offset %d outside 0..%d: %s", src, ee.Offset, len(src), ee.Msg)
			}
			return
		}
		x.Eval(plant.get)
	})
}
