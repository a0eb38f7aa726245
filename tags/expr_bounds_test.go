package tags_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/tags"
)

// TestExprResultKinds: a result a screen cannot show is refused, at
// compile time when its type is known, else at evaluation.
func TestExprResultKinds(t *testing.T) {
	env, _ := exprEnv(t)
	for _, tt := range []struct {
		src     string
		compile string // expected compile error, or "" to evaluate
		eval    string // expected evaluation error
	}{
		{`[Tank1.Level, 1]`, "expression gives a list, not a bool, number or text", ""},
		{`{a: Tank1.Level}`, "expression gives a map, not a bool, number or text", ""},
		{`1..3`, "expression gives a list, not a bool, number or text", ""},
		{`map([1, 2], # * Tank1.Level)`, "expression gives a list, not a bool, number or text", ""},
		{`now()`, "expression gives a time, not a bool, number or text", ""},
		{`duration("1h")`, "expression gives a duration, not a bool, number or text", ""},
		{`nil`, "", ""}, // no value on purpose: shown blank
		{`Pump1.Run ? nil : 1`, "", ""},
		{`Pump1.Run ? [1] : 1`, "", "result is a list, not a bool, number or text"},
		{`get({a: [1]}, "a")`, "", "result is a list, not a bool, number or text"},
		{`Tank1.Level / 0`, "", "result is +Inf (a division by zero?)"},
		{`-Tank1.Level / 0`, "", "result is -Inf (a division by zero?)"},
		{`0 / (Tank1.Level - Tank1.Level)`, "", "result is not a number (NaN)"},
	} {
		t.Run(tt.src, func(t *testing.T) {
			x, err := env.Compile(tt.src)
			if tt.compile != "" {
				var ee *tags.ExprError
				if !errors.As(err, &ee) || ee.Msg != tt.compile || ee.Offset != 0 {
					t.Fatalf("Compile error = %v, want offset 0: %s", err, tt.compile)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			v, _, _, err := x.Eval(plant.get)
			if tt.eval == "" {
				if err != nil || v != nil {
					t.Fatalf("Eval = %#v, %v; want nil, no error", v, err)
				}
				return
			}
			var ee *tags.ExprError
			if !errors.As(err, &ee) || ee.Msg != tt.eval || v != nil {
				t.Fatalf("Eval = %#v, %v; want nil, %s", v, err, tt.eval)
			}
		})
	}
}

// TestExprBudgets: expressions that would allocate or loop without bound
// fail, with "memory budget exceeded" or a compile error, having
// allocated a bounded amount of memory (measured, not timed).
func TestExprBudgets(t *testing.T) {
	env, _ := exprEnv(t)
	long := `repeat("x", 1000)`
	for _, tt := range []struct {
		src     string
		compile string // expected compile error, or "" to evaluate
		eval    string // expected part of the evaluation error
	}{
		{`repeat('x', 100000000)`, "", "memory budget exceeded"},
		{`len(repeat('x', 999999))`, "", "repeat: text of 999999 bytes is longer than 1024 (memory budget exceeded)"},
		{`repeat(` + long + `, 1000)`, "", "repeat: text of 1000000 bytes"},
		{`len(map(1..50000000, # * 2))`, "", "memory budget exceeded"},
		{`count(1..20000, # > 1)`, "", "memory budget exceeded"},
		{`let s = ` + long + `; len(s + s)`, "", "+: text of 2000 bytes is longer than 1024"},
		{`len(reduce(1..9999, #acc + "xxxxxxxxxx", ""))`, "", "+: text of 1030 bytes"},
		{`let s = ` + long + `; len(join([s, s]))`, "", "join: text of"},
		{`let s = ` + long + `; len(replace(s, "x", "yy"))`, "", "replace: text of 2000 bytes"},
		{`len(string(map(1..4000, #)))`, "", "string: text of"},
		{`len(toJSON(map(1..4000, #)))`, "", "toJSON: text of"},
		{`let a = 1..9000; len(flatten(map(1..2, a)))`, "", "flatten: more than 10000 elements"},
		{`len(format("%099999999d", 1))`, "", "format: width or precision 99999999 is more than 100"},
		{`len(format("%*d", 99999999, 1))`, "", "format: * width or precision is not allowed"},
		{`format("%s", ` + long + ` + "")`, "", ""},
		// The worst an evaluation can hold: half the element budget of
		// texts of MaxText bytes, about 5 MB, under the 32 MB checked.
		{`len(map(1..4999, repeat("x", 1024)))`, "", ""},
		{`len(map(1..5001, repeat("x", 1024)))`, "", "memory budget exceeded"},
		{`format("Tank 1000: %5.1f%%, %[1]*d", 2.5)`, "", "format: * width or precision is not allowed"},
		{`format("Tank 1000: %5.1f%%, %[1]d", 2.5)`, "", ""},
		{`let a = 1..9999; all(a, all(a, all(a, true)))`, "a loop (map, all, filter...) inside another one is not allowed in tag expressions: it can take too long", ""},
		{strings.Repeat("1+", 1000) + "1", "compile", ""},
	} {
		t.Run(tt.src[:min(len(tt.src), 60)], func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			x, err := env.Compile(tt.src)
			if tt.compile != "" {
				var ee *tags.ExprError
				if !errors.As(err, &ee) || tt.compile != "compile" && ee.Msg != tt.compile {
					t.Fatalf("Compile error = %v, want %s", err, tt.compile)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, _, _, err = x.Eval(plant.get)
			runtime.ReadMemStats(&after)
			if tt.eval == "" {
				if err != nil {
					t.Fatalf("Eval error %v, want none", err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tt.eval) {
				t.Fatalf("Eval error = %v, want it to contain %q", err, tt.eval)
			}
			got := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %.1f MB", float64(got)/(1<<20))
			if got > 32<<20 {
				t.Errorf("allocated %d MB, more than 32", got>>20)
			}
		})
	}
}

// TestExprNodeBudget: the node budget is reported as a compile error, at
// the place expr gives up.
func TestExprNodeBudget(t *testing.T) {
	env, _ := exprEnv(t)
	_, err := env.Compile(strings.Repeat("1+", 1000) + "1")
	var ee *tags.ExprError
	if !errors.As(err, &ee) || !strings.Contains(ee.Msg, "exceeds maximum allowed nodes") {
		t.Fatalf("Compile error = %v", err)
	}
	if _, err := env.Compile(strings.Repeat("1+", 400) + "1"); err != nil {
		t.Fatalf("401 terms: %v", err)
	}
}

// TestExprTextResult: a text result longer than MaxText is refused: it
// could come from a tag's own value.
func TestExprTextResult(t *testing.T) {
	env, _ := exprEnv(t)
	x, err := env.Compile(`Station.Name`)
	if err != nil {
		t.Fatal(err)
	}
	big := values{"Station.Name": good(strings.Repeat("x", tags.MaxText+1))}
	if _, _, _, err := x.Eval(big.get); err == nil || !strings.Contains(err.Error(), "result is a text of 1025 bytes, longer than 1024") {
		t.Fatalf("Eval error = %v", err)
	}
	ok := values{"Station.Name": good(strings.Repeat("x", tags.MaxText))}
	if _, _, _, err := x.Eval(ok.get); err != nil {
		t.Fatal(err)
	}
}
