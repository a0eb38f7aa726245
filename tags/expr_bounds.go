package tags

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/vm/runtime"
)

// Budgets of an expression. A screen file may hold any expression, and
// the binder evaluates it on every change of the tags it reads, so what
// one evaluation may cost is bounded here, and exceeding a budget is an
// evaluation error (Bad quality with the reason, logged once) or, where
// it can be seen in the source, a compile error at its position.
const (
	// MaxNodes bounds the size of an expression's syntax tree. HMI
	// expressions have tens of nodes; expr's own default is 10,000.
	MaxNodes = 1000
	// MemoryBudget bounds the elements of the arrays, maps and ranges
	// one evaluation creates (expr's vm.MemoryBudget, default 1,000,000):
	// map(1..5e7, #) fails at once instead of allocating 50 M elements.
	MemoryBudget = 10_000
	// MaxText bounds, in bytes, every text an evaluation builds (+ on
	// texts, repeat, join, replace, format, string, toJSON) and gives:
	// a label has no use for more, and Fyne paints a text as one image
	// as wide as the string (about 4 KB of memory a character), so a long
	// one stalls the UI thread. It equals gopage.MaxText, the longest
	// string a screen file may hold.
	MaxText = 1024
	// maxLoopDepth bounds how deep closures of map, all, filter... nest:
	// with arrays of MemoryBudget elements, two levels already make
	// 100 M iterations.
	maxLoopDepth = 1
)

// boundedFunctions replaces expr's builtins whose output can be much
// larger than their input with versions that measure first and refuse
// past a budget, before anything large is allocated.
func boundedFunctions(c *conf.Config) {
	override := func(name string, fn func(args ...any) (any, error)) {
		f := *c.Builtins[name]
		f.Func, f.Fast, f.Safe = fn, nil, nil
		c.Functions[name] = &f
	}
	override("repeat", fnRepeat)
	override("join", fnJoin)
	override("replace", fnReplace)
	override("string", textOf("string", c.Builtins["string"].Fast))
	toJSON := c.Builtins["toJSON"].Func
	override("toJSON", textOf("toJSON", func(v any) any { s, _ := toJSON(v); return s }))
	flatten := c.Builtins["flatten"].Safe
	override("flatten", func(args ...any) (any, error) {
		if len(args) == 1 && leaves(reflect.ValueOf(args[0]), MemoryBudget) > MemoryBudget {
			return nil, fmt.Errorf("flatten: more than %d elements (memory budget exceeded)", MemoryBudget)
		}
		v, _, err := flatten(args...)
		return v, err
	})
	c.Functions[catName] = &builtin.Function{Name: catName, Func: fnCat, Types: []reflect.Type{reflect.TypeOf(new(func(string, string) string)).Elem()}}
	c.Functions[addName] = &builtin.Function{Name: addName, Func: fnAdd, Types: []reflect.Type{reflect.TypeOf(new(func(any, any) any)).Elem()}}
	c.Visitors = append(c.Visitors, concatPatcher{})
}

// The functions that + on texts becomes; their names cannot be written in
// an expression ($ names are refused), so they cannot collide.
const (
	catName = "$cat"
	addName = "$add"
)

// concatPatcher turns + into a call of $cat when both sides are texts,
// and of $add when a side's type is only known at run time (a closure's
// #acc), so that a text built by + in a loop cannot outgrow MaxText.
// Numeric + is left to the vm's own opcode.
type concatPatcher struct{}

func (concatPatcher) Visit(np *ast.Node) {
	b, ok := (*np).(*ast.BinaryNode)
	if !ok || b.Operator != "+" {
		return
	}
	l, r := b.Left.Type().Kind(), b.Right.Type().Kind()
	var name string
	switch {
	case l == reflect.String && r == reflect.String:
		name = catName
	case textual(l) && textual(r): // at least one side is only known at run time
		name = addName
	default:
		return
	}
	call := &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}, Arguments: []ast.Node{b.Left, b.Right}}
	ast.Patch(np, call)
}

func textual(k reflect.Kind) bool { return k == reflect.String || k == reflect.Interface }

func fnCat(args ...any) (any, error) {
	a, b := args[0].(string), args[1].(string)
	if len(a)+len(b) > MaxText {
		return nil, errTooLong("+", len(a)+len(b))
	}
	return a + b, nil
}

func fnAdd(args ...any) (any, error) {
	a, aok := args[0].(string)
	b, bok := args[1].(string)
	if aok && bok {
		return fnCat(a, b)
	}
	return runtime.Add(args[0], args[1]), nil
}

func fnRepeat(args ...any) (any, error) {
	s, n := args[0].(string), runtime.ToInt(args[1])
	if n < 0 {
		return nil, fmt.Errorf("repeat: count %d is negative", n)
	}
	if n > 0 && len(s) > MaxText/n {
		return nil, errTooLong("repeat", float64(len(s))*float64(n))
	}
	return strings.Repeat(s, n), nil
}

func fnJoin(args ...any) (any, error) {
	glue := ""
	if len(args) == 2 {
		glue, _ = args[1].(string)
	}
	v := reflect.ValueOf(args[0])
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("join: cannot join %T", args[0])
	}
	parts := make([]string, v.Len())
	size := 0
	for i := range parts {
		s, ok := v.Index(i).Interface().(string)
		if !ok {
			return nil, fmt.Errorf("join: element %d is %T, not text", i, v.Index(i).Interface())
		}
		parts[i] = s
		if size += len(s) + len(glue); size > MaxText+len(glue) {
			return nil, errTooLong("join", size)
		}
	}
	return strings.Join(parts, glue), nil
}

func fnReplace(args ...any) (any, error) {
	s, old, repl := args[0].(string), args[1].(string), args[2].(string)
	n := -1
	if len(args) == 4 {
		n = runtime.ToInt(args[3])
	}
	count := strings.Count(s, old)
	if n >= 0 && n < count {
		count = n
	}
	if size := len(s) + count*(len(repl)-len(old)); size > MaxText {
		return nil, errTooLong("replace", size)
	}
	return strings.Replace(s, old, repl, n), nil
}

// textOf wraps a builtin that prints a value (string, toJSON): the output
// is estimated from the value's leaves first, so that printing a nested
// array of a million elements is refused before it is built.
func textOf(name string, print func(any) any) func(args ...any) (any, error) {
	return func(args ...any) (any, error) {
		if size := textSize(reflect.ValueOf(args[0]), MaxText+1); size > MaxText {
			return nil, errTooLong(name, size)
		}
		return print(args[0]), nil
	}
}

// textSize estimates from below the length of a printed value, stopping
// once it exceeds limit.
func textSize(v reflect.Value, limit int) int {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return 3
		}
		return textSize(v.Elem(), limit)
	case reflect.String:
		return v.Len()
	case reflect.Slice, reflect.Array:
		size := 2
		for i := 0; i < v.Len() && size <= limit; i++ {
			size += 1 + textSize(v.Index(i), limit-size)
		}
		return size
	case reflect.Map:
		size := 2
		for it := v.MapRange(); it.Next() && size <= limit; {
			size += 2 + textSize(it.Key(), limit-size)
			size += textSize(it.Value(), limit-size)
		}
		return size
	}
	return 1
}

// leaves counts the non-array elements of nested arrays, stopping past
// limit.
func leaves(v reflect.Value, limit int) int {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return 1
	}
	n := 0
	for i := 0; i < v.Len() && n <= limit; i++ {
		n += leaves(v.Index(i), limit-n)
	}
	return n
}

func errTooLong[N int | float64](fn string, size N) error {
	return fmt.Errorf("%s: text of %.0f bytes is longer than %d (memory budget exceeded)", fn, float64(size), MaxText)
}

// checkResult refuses a result a screen cannot show: anything but nil, a
// bool, a number or a text, a number that is not finite, a text longer
// than MaxText.
func checkResult(v any) error {
	switch x := v.(type) {
	case bool, int64, nil:
		// nil is "no value on purpose" (`Pump1.Run ? Pump1.Speed : nil`):
		// widgets show it blank ("—"), with the quality of the tags read.
		return nil
	case float64:
		if math.IsNaN(x) {
			return fmt.Errorf("result is not a number (NaN)")
		}
		if math.IsInf(x, 0) {
			return fmt.Errorf("result is %s (a division by zero?)", Format(x, -1))
		}
		return nil
	case string:
		if len(x) > MaxText {
			return fmt.Errorf("result is a text of %d bytes, longer than %d", len(x), MaxText)
		}
		return nil
	}
	return fmt.Errorf("result is %s, not a bool, number or text", kindName(reflect.TypeOf(v)))
}

// scalarType reports whether values of type t can be results: bool,
// numbers, text, or a type only known at run time.
func scalarType(t reflect.Type) bool {
	if t == nil {
		return true
	}
	if t == durationType {
		return false
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Interface,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

var durationType = reflect.TypeOf(time.Duration(0))

// kindName names a type for an engineer: "a list", "a map", "a function".
func kindName(t reflect.Type) string {
	if t == nil {
		return "nil"
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map:
		return "a map"
	case reflect.Func:
		return "a function"
	case reflect.Struct:
		if t.String() == "time.Time" {
			return "a time"
		}
		return "a structure"
	}
	if t == durationType {
		return "a duration"
	}
	return "a " + t.String()
}
