package tags_test

import (
	"errors"
	"testing"

	"github.com/gohmi/gohmi/tags"
)

// exprEnv has the tags of newDB.
func exprEnv(t testing.TB) (*tags.Env, *tags.DB) {
	db := newDB(t)
	return tags.NewEnv(db.Defs()), db
}

// values maps names to values, standing in for DB.Get.
type values map[string]tags.Value

func (v values) get(name string) (tags.Value, bool) { x, ok := v[name]; return x, ok }

var plant = values{
	"Tank1.Level":    good(62.5),
	"Tank1.Setpoint": good(80.0),
	"Pump1.Run":      good(true),
	"Pump1.Fault":    good(false),
	"Pump1.Starts":   good(int64(12)),
	"Station.Name":   good("North"),
	"Tank1.Alarm":    good(false),
}

func TestEval(t *testing.T) {
	env, _ := exprEnv(t)
	for _, tt := range []struct {
		src  string
		want any
		deps int
	}{
		// Literals work without tags.
		{`"50"`, "50", 0},
		{`true`, true, 0},
		{`1 + 2 * 3`, int64(7), 0},
		// Arithmetic.
		{`Tank1.Level * 2 + 1`, 126.0, 1},
		{`Tank1.Setpoint - Tank1.Level`, 17.5, 2},
		{`Pump1.Starts + 1`, int64(13), 1},
		{`Pump1.Starts / 4`, 3.0, 1},
		{`Pump1.Starts % 5`, int64(2), 1},
		{`-Tank1.Level`, -62.5, 1},
		// Comparisons and logic.
		{`Tank1.Level > 90`, false, 1},
		{`Tank1.Level >= Tank1.Setpoint - 20`, true, 2},
		{`Pump1.Run && !Pump1.Fault`, true, 2},
		{`Pump1.Run and not Pump1.Fault`, true, 2},
		{`Station.Name == "North"`, true, 1},
		{`Station.Name + "/" + "A"`, "North/A", 1},
		// Conditionals.
		{`Pump1.Run ? "running" : "stopped"`, "running", 1},
		{`if Tank1.Level > 50 { "high" } else { "low" }`, "high", 1},
		{`Pump1.Fault ? 1 : Tank1.Level`, 62.5, 2},
		// Functions.
		{`format("%.1f %%", Tank1.Level)`, "62.5 %", 1},
		{`format("%s: %d starts", Station.Name, Pump1.Starts)`, "North: 12 starts", 2},
		{`round(Tank1.Level)`, 63.0, 1},
		{`round(2.345, 2)`, 2.35, 0},
		{`round(Tank1.Level / 3, 1)`, 20.8, 1},
		{`round(Pump1.Starts, 0)`, 12.0, 1},
		{`clamp(Tank1.Level, 0, 50)`, 50.0, 1},
		{`clamp(-3, 0, 50)`, 0.0, 0},
		{`scale(Tank1.Level, 0, 100, 4, 20)`, 14.0, 1},
		// expr builtins and let stay available.
		{`max(Tank1.Level, Tank1.Setpoint)`, 80.0, 2},
		{`abs(-Tank1.Level)`, 62.5, 1},
		{`let x = Tank1.Level; x * 2`, 125.0, 1},
		{`len(Station.Name)`, int64(5), 1},
		{`Tank1["Level"] > 0`, true, 1},
	} {
		t.Run(tt.src, func(t *testing.T) {
			x, err := env.Compile(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if len(x.Deps) != tt.deps {
				t.Errorf("Deps = %v, want %d", x.Deps, tt.deps)
			}
			got, q, why, err := x.Eval(plant.get)
			if err != nil || got != tt.want || q != tags.Good || why != "" {
				t.Fatalf("Eval = %#v, %v, %q, %v; want %#v good", got, q, why, err, tt.want)
			}
		})
	}
}

func TestEvalQuality(t *testing.T) {
	env, _ := exprEnv(t)
	with := func(changes values) values {
		out := values{}
		for k, v := range plant {
			out[k] = v
		}
		for k, v := range changes {
			if v == (tags.Value{}) {
				delete(out, k)
				continue
			}
			out[k] = v
		}
		return out
	}
	unc := tags.Value{V: 70.0, Quality: tags.Uncertain, Reason: "stale"}
	bad := tags.Value{V: 70.0, Quality: tags.Bad, Reason: "comm failure"}
	for _, tt := range []struct {
		name, src string
		vals      values
		want      any
		q         tags.Quality
		why       string
	}{
		{"good", `Tank1.Level + Tank1.Setpoint`, plant, 142.5, tags.Good, ""},
		{"uncertain", `Tank1.Level + Tank1.Setpoint`, with(values{"Tank1.Setpoint": unc}), 132.5, tags.Uncertain, "Tank1.Setpoint: stale"},
		{"bad beats uncertain", `Tank1.Level + Tank1.Setpoint`, with(values{"Tank1.Level": unc, "Tank1.Setpoint": bad}), 140.0, tags.Bad, "Tank1.Setpoint: comm failure"},
		{"first of the worst", `Tank1.Level + Tank1.Setpoint`, with(values{"Tank1.Level": bad, "Tank1.Setpoint": bad}), 140.0, tags.Bad, "Tank1.Level: comm failure"},
		{"no value yet", `Tank1.Level * 2`, with(values{"Tank1.Level": {Quality: tags.Bad, Reason: "waiting for initial data"}}), 0.0, tags.Bad, "Tank1.Level: waiting for initial data"},
		{"missing", `Pump1.Run || true`, with(values{"Pump1.Run": {}}), true, tags.Bad, "Pump1.Run: no such tag"},
		{"no reason", `Tank1.Level`, with(values{"Tank1.Level": {V: 1.0, Quality: tags.Uncertain}}), 1.0, tags.Uncertain, "Tank1.Level: uncertain"},
		{"wrong type from source", `Tank1.Level + 1`, with(values{"Tank1.Level": good(int64(4))}), 5.0, tags.Good, ""},
		{"literal", `42`, values{}, int64(42), tags.Good, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x, err := env.Compile(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			got, q, why, err := x.Eval(tt.vals.get)
			if err != nil || got != tt.want || q != tt.q || why != tt.why {
				t.Fatalf("Eval = %#v, %v, %q, %v; want %#v, %v, %q", got, q, why, err, tt.want, tt.q, tt.why)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	env, _ := exprEnv(t)
	for _, tt := range []struct {
		src    string
		offset int
		msg    string
	}{
		{`Tank1.Lvl > 90`, 0, `unknown tag "Tank1.Lvl", did you mean "Tank1.Level"?`},
		{`1 + Tank1.Levle`, 4, `unknown tag "Tank1.Levle", did you mean "Tank1.Level"?`},
		{`Pump1.Run && !Pump1.Falt`, 14, `unknown tag "Pump1.Falt", did you mean "Pump1.Fault"?`},
		{`Tank2.Level + Tank1.Lvl`, 0, `unknown tag "Tank2.Level", did you mean "Tank1.Level"?`},
		{`Zzzzzz`, 0, `unknown tag "Zzzzzz"`},
		{`"é" + Tank1.Lvl`, 7, `unknown tag "Tank1.Lvl", did you mean "Tank1.Level"?`},
		{`Tank1 > 1`, 0, `unknown tag "Tank1"`},
		{"1 +\n  Tank1.Lvl", 6, `unknown tag "Tank1.Lvl", did you mean "Tank1.Level"?`},
		{`format("%d", Foo.Bar)`, 13, `unknown tag "Foo.Bar"`},
		{`1 + $env["Tank1.Level"]`, 4, `$env is not available in tag expressions; write tag names directly`},
		// Syntax errors.
		{`Tank1.Level >`, 13, `unexpected token EOF`},
		{`(Tank1.Level`, 12, `unexpected token EOF`},
		{`"abc`, 4, `literal not terminated`},
		{"1 +\n  (2", 8, `unexpected token EOF`},
		{`Tank1.Level ) 1`, 12, `unexpected token Bracket(")")`},
		// Type errors.
		{`Tank1.Level + "x"`, 12, `invalid operation: + (mismatched types float64 and string)`},
		{`round("x")`, 6, `cannot use string as argument (type float64) to call round`},
	} {
		t.Run(tt.src, func(t *testing.T) {
			_, err := env.Compile(tt.src)
			var ee *tags.ExprError
			if !errors.As(err, &ee) {
				t.Fatalf("Compile error = %v (%T), want *ExprError", err, err)
			}
			if ee.Offset != tt.offset || ee.Msg != tt.msg {
				t.Errorf("Compile error = {%d %q}, want {%d %q}", ee.Offset, ee.Msg, tt.offset, tt.msg)
			}
		})
	}
}

func TestEvalRuntimeError(t *testing.T) {
	env, _ := exprEnv(t)
	x, err := env.Compile(`Pump1.Starts % (Pump1.Starts - 12)`)
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, err = x.Eval(plant.get)
	var ee *tags.ExprError
	if !errors.As(err, &ee) || ee.Msg != "runtime error: integer divide by zero" || ee.Offset != 13 {
		t.Fatalf("Eval error = %#v", err)
	}
}

func TestEvalConcurrent(t *testing.T) {
	env, _ := exprEnv(t)
	x, err := env.Compile(`Tank1.Level * 2 + Pump1.Starts`)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	for range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 1000 {
				if got, _, _, err := x.Eval(plant.get); got != 137.0 || err != nil {
					t.Errorf("Eval = %v, %v", got, err)
					return
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
}
