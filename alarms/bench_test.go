package alarms_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/tags"
)

// plantFile is an alarms file of n entries like a large plant's: each a
// tag with four limits (4 definitions) or a digital alarm, over n tags.
func plantFile(n int) ([]byte, []tags.Def) {
	var b strings.Builder
	b.WriteString("alarms:\n")
	var defs []tags.Def
	for i := range n {
		defs = append(defs, tags.Def{Name: fmt.Sprintf("Unit%d.PV", i), Type: tags.Float}, tags.Def{Name: fmt.Sprintf("Unit%d.Trip", i), Type: tags.Bool})
		if i%2 == 0 {
			fmt.Fprintf(&b, "  - tag: Unit%d.PV\n    hihi: 95\n    hi: 85\n    lo: 10\n    lolo: 5\n    deadband: 1\n    on-delay: 2s\n    area: Area%d\n    message: \"Unit %d at {Unit%d.PV}\"\n", i, i%10, i, i)
		} else {
			fmt.Fprintf(&b, "  - { name: Unit%d.Tripped, when: Unit%d.Trip, priority: high, suppress: \"!Unit%d.Trip\" }\n", i, i, i-1)
		}
	}
	return []byte(b.String()), defs
}

// BenchmarkDecodeCompile: a file of 4,000 entries (10,000 definitions)
// decoded and compiled, as a load or a reload of that file does.
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench DecodeCompile -benchmem ./alarms/
func BenchmarkDecodeCompile(b *testing.B) {
	src, defs := plantFile(4000)
	env := tags.NewEnv(defs)
	names := map[string]bool{}
	for _, d := range defs {
		names[d.Name] = true
	}
	known := func(s string) bool { return names[s] }
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		got, errs := alarms.DecodeFile("plant.yaml", src, nil)
		plan, cerrs := alarms.Compile(got, env, known)
		if len(errs)+len(cerrs) > 0 {
			b.Fatal(errs, cerrs)
		}
		n = len(plan.Alarms)
	}
	b.ReportMetric(float64(n), "alarms")
}
