package hmi

import (
	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/tags"
)

// checkAlarms compiles the project's alarm definitions against its tags:
// expressions, tag references of limits and setpoints, duplicate names
// (reported at the second, across files). The plan is kept for the
// runtime ([Project.AlarmPlan]).
func (p *Project) checkAlarms(env *tags.Env, errs *gopage.ErrorList) {
	names := make(map[string]bool, len(p.Tags))
	for _, t := range p.Tags {
		names[t.Def.Name] = true
	}
	plan, list := alarms.Compile(p.Alarms, env, func(tag string) bool { return names[tag] })
	*errs = append(*errs, list...)
	p.alarmPlan = plan
}
