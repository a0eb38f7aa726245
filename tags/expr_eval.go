package tags

import (
	"errors"
	"strings"

	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
)

// evalState is what one evaluation needs; Exprs pool them so that Eval
// allocates nothing of its own and can run on several goroutines at once.
type evalState struct {
	vm  vm.VM
	env map[string]any // dep name → value; keys are fixed after the first Eval
}

// Eval evaluates the expression with tag values from get (typically
// [DB.Get]). It returns the result (bool, int64, float64, string, or what
// expr's builtins produce), the worst quality of the tags read (Bad if any
// is Bad or missing, else Uncertain if any is Uncertain, else Good), the
// reason of the first tag with that quality ("Tank1.Level: comm failure")
// and a runtime error such as a division by zero, as an [*ExprError].
//
// A tag without a value (nil, as before its first update) evaluates as the
// zero value of its type; its quality makes the result Bad anyway.
func (x *Expr) Eval(get func(name string) (Value, bool)) (any, Quality, string, error) {
	st := x.pool.Get().(*evalState)
	q, worst, why := Good, -1, ""
	for i, name := range x.Deps {
		v, ok := get(name)
		if !ok {
			v = Value{Quality: Bad, Reason: "no such tag"}
		}
		if v.Quality > q {
			q, worst, why = v.Quality, i, v.Reason
		}
		st.env[name] = x.arg(i, v.V)
	}
	out, err := st.vm.Run(x.prog, st.env)
	x.pool.Put(st)
	reason := ""
	if worst >= 0 {
		if why == "" {
			why = q.String()
		}
		reason = x.Deps[worst] + ": " + why
	}
	if err != nil {
		return nil, q, reason, x.runtimeError(err)
	}
	out = normalize(out)
	if err := checkResult(out); err != nil {
		return nil, q, reason, &ExprError{Msg: err.Error()}
	}
	return out, q, reason, nil
}

// arg returns v as the Go type the expression was compiled for.
func (x *Expr) arg(i int, v any) any {
	t := x.types[i]
	if v != nil && t.holds(v) {
		return v
	}
	if c, err := t.Convert(v); err == nil {
		return c
	}
	return t.Zero()
}

func (x *Expr) runtimeError(err error) error {
	var fe *file.Error
	if errors.As(err, &fe) {
		return &ExprError{Offset: byteOffset(x.Src, fe.From), Msg: strings.TrimSpace(fe.Message)}
	}
	return &ExprError{Msg: err.Error()}
}

// normalize maps expr's Go integer and float types onto the tag types.
func normalize(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case float32:
		return float64(x)
	case uint64, uint32, uint16, uint8, uint, int16, int8:
		f, _ := toFloat(x)
		return int64(f)
	}
	return v
}
