package hmi

import (
	"slices"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/tags"
)

// checkAlarms compiles the project's alarm definitions against its tags:
// expressions, tag references of limits and setpoints, duplicate names
// (reported at the second, across files). The plan is kept for the
// runtime ([Project.AlarmPlan]). A reload that changed neither the
// definitions nor the tags reuses prev's plan: compiling 10,000 alarms
// takes longer than a screen's reload may (BenchmarkDecodeCompile).
func (p *Project) checkAlarms(env *tags.Env, errs *gopage.ErrorList, prev *Project) {
	if prev != nil && prev.alarmPlan != nil && slices.Equal(prev.Alarms, p.Alarms) && sameTagDefs(prev.Tags, p.Tags) {
		p.alarmPlan, p.alarmErrs = prev.alarmPlan, prev.alarmErrs
		*errs = append(*errs, p.alarmErrs...)
		return
	}
	names := make(map[string]bool, len(p.Tags))
	for _, t := range p.Tags {
		names[t.Def.Name] = true
	}
	plan, list := alarms.Compile(p.Alarms, env, func(tag string) bool { return names[tag] })
	*errs = append(*errs, list...)
	p.alarmPlan, p.alarmErrs = plan, list
}
