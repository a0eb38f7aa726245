package alarms

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/tags"
)

// alarmName reads a name: a tag name's rules (dotted segments of letters,
// digits and underscores), so that names sort and filter like tags.
func (e *entry) alarmName(v *yaml.Node) string {
	s := e.d.Str(v, "name")
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return ""
	}
	if err := tags.ValidName(s); err != nil {
		msg := strings.Replace(err.Error(), "tag name", "alarm name", 1)
		e.d.Errorf(v, "name: %s", msg)
		return ""
	}
	return s
}

// expr reads an expression, refusing an empty one.
func (e *entry) expr(v *yaml.Node, key string) string {
	s := e.d.Str(v, key)
	if v.Kind == yaml.ScalarNode && v.Tag != "!!null" && strings.TrimSpace(v.Value) == "" {
		e.d.Add(e.d.ValuePos(v), key+": empty expression")
	}
	return s
}

// message reads a message; its {expression} parts are Compile's to check.
func (e *entry) message(v *yaml.Node, key string) string {
	s := e.d.Str(v, key)
	if v.Kind == yaml.ScalarNode && v.Tag != "!!null" && v.Value == "" {
		e.d.Errorf(v, "%s: empty (leave it out for the default)", key)
	}
	return s
}

// limit reads one of hihi, hi, lo, lolo: a constant, a tag name, or a
// mapping {limit, priority, message, on-delay, off-delay, deadband}.
func (e *entry) limit(key string, k, v *yaml.Node) *limitSpec {
	l := &limitSpec{pos: e.d.Pos(k)}
	switch v.Kind {
	case yaml.ScalarNode:
		l.ref, l.ok = e.ref(v, key)
		return l
	case yaml.MappingNode:
	default:
		e.d.Errorf(v, "%s: expected a number, a tag name or {limit: …}, got %s", key, yamldec.KindName(v))
		return l
	}
	has := false
	known := []string{"limit", "priority", "message", "on-delay", "off-delay", "deadband"}
	e.d.Fields(v, key, known, func(f string, _, fv *yaml.Node) {
		switch f {
		case "limit":
			l.ref, l.ok = e.ref(fv, key+" limit")
			has = true
		case "priority":
			l.priority = e.priority(fv, f)
		case "message":
			l.message, l.msgPos = e.message(fv, f), e.d.ValuePos(fv)
		case "on-delay":
			dl := e.delay(fv, f)
			l.onDelay = &dl
		case "off-delay":
			dl := e.delay(fv, f)
			l.offDelay = &dl
		case "deadband":
			l.deadband = e.deadbandOf(fv)
		}
	})
	if !has {
		e.d.Errorf(v, "%s: missing limit", key)
	}
	return l
}

// ref reads a limit or setpoint: a number, or a tag's name.
func (e *entry) ref(v *yaml.Node, what string) (Ref, bool) {
	r := Ref{Pos: e.d.ValuePos(v)}
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || v.Tag == "!!bool" {
		e.d.Errorf(v, "%s: expected a number or a tag name, got %s", what, yamldec.KindName(v))
		return r, false
	}
	if f, ok := number(v); ok {
		r.Value = f
		return r, true
	}
	if v.Tag != "!!str" || tags.ValidName(v.Value) != nil {
		e.d.Errorf(v, "%s: expected a number or a tag name, got %s", what, yamldec.Quoted(v))
		return r, false
	}
	r.Tag = v.Value
	return r, true
}

// number reads a scalar as a number, in YAML's spellings too (0x1F, .5).
func number(v *yaml.Node) (float64, bool) {
	if f, err := strconv.ParseFloat(strings.ReplaceAll(v.Value, "_", ""), 64); err == nil {
		return f, true
	}
	var f float64
	if (v.Tag == "!!int" || v.Tag == "!!float") && v.Decode(&f) == nil {
		return f, true
	}
	return 0, false
}

// deviation reads {setpoint, limit, dir}.
func (e *entry) deviation(v *yaml.Node) {
	b := &e.base
	b.Dir = Either
	var sp, lim bool
	e.d.Fields(v, "deviation", []string{"setpoint", "limit", "dir"}, func(key string, _, fv *yaml.Node) {
		switch key {
		case "setpoint":
			b.Setpoint, _ = e.ref(fv, "deviation setpoint")
			sp = true
		case "limit":
			b.Limit, _ = e.ref(fv, "deviation limit")
			lim = true
			e.positive(fv, b.Limit, "deviation limit")
		case "dir":
			b.Dir = e.dir(fv, "deviation dir", map[string]Dir{"above": Above, "below": Below, "either": Either, "high": Above, "low": Below})
		}
	})
	e.missing(v, "deviation", sp, "setpoint", lim, "limit")
}

// rate reads {limit, per, dir}.
func (e *entry) rate(v *yaml.Node) {
	b := &e.base
	b.Dir, b.Per = Either, time.Second
	var lim bool
	e.d.Fields(v, "rate", []string{"limit", "per", "dir"}, func(key string, _, fv *yaml.Node) {
		switch key {
		case "limit":
			b.Limit, _ = e.ref(fv, "rate limit")
			lim = true
			e.positive(fv, b.Limit, "rate limit")
		case "per":
			switch e.d.Str(fv, key) {
			case "second", "s":
				b.Per = time.Second
			case "minute", "min":
				b.Per = time.Minute
			default:
				if fv.Kind == yaml.ScalarNode {
					e.d.Errorf(fv, "rate per: expected second or minute, got %s", yamldec.Quoted(fv))
				}
			}
		case "dir":
			b.Dir = e.dir(fv, "rate dir", map[string]Dir{"rising": Above, "falling": Below, "either": Either})
		}
	})
	e.missing(v, "rate", lim, "limit", true, "")
}

// missing reports the required keys of a mapping that were not given.
func (e *entry) missing(v *yaml.Node, what string, hasA bool, a string, hasB bool, b string) {
	if v.Kind != yaml.MappingNode {
		return // Fields reported it
	}
	if !hasA {
		e.d.Errorf(v, "%s: missing %s", what, a)
	}
	if !hasB {
		e.d.Errorf(v, "%s: missing %s", what, b)
	}
}

// positive refuses a constant deviation or rate limit that is not above 0.
func (e *entry) positive(v *yaml.Node, r Ref, what string) {
	if r.Tag == "" && r.Value <= 0 && v.Kind == yaml.ScalarNode && v.Tag != "!!null" && v.Tag != "!!bool" {
		if _, ok := number(v); ok {
			e.d.Errorf(v, "%s: must be above 0, got %s", what, v.Value)
		}
	}
}

func (e *entry) dir(v *yaml.Node, what string, names map[string]Dir) Dir {
	s := e.d.Str(v, what)
	if d, ok := names[s]; ok {
		return d
	}
	if v.Kind == yaml.ScalarNode {
		keys := make([]string, 0, len(names))
		for k := range names {
			keys = append(keys, k)
		}
		e.d.Errorf(v, "%s: expected %s, got %s", what, orList(keys), yamldec.Quoted(v))
	}
	return Either
}

// orList is the sorted names as "a, b or c".
func orList(names []string) string {
	slices.Sort(names)
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// deadbandOf reads a deadband: a number of engineering units, or "N%" of
// the range.
func (e *entry) deadbandOf(v *yaml.Node) *deadband {
	db := &deadband{n: v}
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || v.Tag == "!!bool" {
		e.d.Errorf(v, "deadband: expected a number or a percentage like 2%%, got %s", yamldec.KindName(v))
		return db
	}
	s, pct := strings.CutSuffix(strings.TrimSpace(v.Value), "%")
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		var ok bool
		if f, ok = number(v); !ok || pct {
			e.d.Errorf(v, "deadband: expected a number or a percentage like 2%%, got %s", yamldec.Quoted(v))
			return db
		}
	}
	switch {
	case f != f || f < 0 || f > 1e300:
		e.d.Errorf(v, "deadband: must be a number of at least 0, got %s", v.Value)
	case pct && f > maxPercent:
		e.d.Errorf(v, "deadband: at most 100%%, got %s", v.Value)
	default:
		db.v, db.pct = f, pct
	}
	return db
}

// pair reads [low, high].
func (e *entry) pair(v *yaml.Node, key string) *[2]float64 {
	if v.Kind != yaml.SequenceNode || len(v.Content) != 2 {
		e.d.Errorf(v, "%s: expected [min, max]", key)
		return nil
	}
	lo, hi := e.d.Num(yamldec.Deref(v.Content[0]), key), e.d.Num(yamldec.Deref(v.Content[1]), key)
	if !(lo < hi) || hi-lo > 1e300 {
		e.d.Errorf(v, "%s: min %g must be below max %g", key, lo, hi)
		return nil
	}
	return &[2]float64{lo, hi}
}

// priority reads critical, high, medium, low or 1…4.
func (e *entry) priority(v *yaml.Node, key string) Priority {
	if v.Kind == yaml.ScalarNode {
		if p, ok := ParsePriority(strings.ToLower(v.Value)); ok {
			return p
		}
	}
	e.d.Errorf(v, "%s: expected critical, high, medium, low or 1 to 4, got %s", key, yamldec.KindName(v))
	return 0
}

func (e *entry) delay(v *yaml.Node, key string) time.Duration {
	dur, _ := e.duration(v, key, MaxDelay)
	return dur
}

// duration reads a duration of 0 up to most: Go's spelling (2s, 1m30s),
// or whole days (7d).
func (e *entry) duration(v *yaml.Node, key string, most time.Duration) (time.Duration, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		e.d.Errorf(v, "%s: expected a duration like 2s or 5m, got %s", key, yamldec.KindName(v))
		return 0, false
	}
	dur, err := time.ParseDuration(v.Value)
	if n, ok := strings.CutSuffix(v.Value, "d"); ok && err != nil {
		if days, err2 := strconv.Atoi(n); err2 == nil && days >= 0 && days <= 1000 {
			dur, err = time.Duration(days)*24*time.Hour, nil
		}
	}
	switch {
	case err != nil:
		e.d.Errorf(v, "%s: expected a duration like 2s or 5m, got %s", key, yamldec.Quoted(v))
	case dur < 0:
		e.d.Errorf(v, "%s: must not be negative, got %s", key, v.Value)
	case dur > most:
		e.d.Errorf(v, "%s: at most %s, got %s", key, fmtDuration(most), v.Value)
	default:
		return dur, true
	}
	return 0, false
}

// fmtDuration writes whole days as "7d", else as Go does.
func fmtDuration(d time.Duration) string {
	if d >= 48*time.Hour && d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return strings.TrimSuffix(strings.TrimSuffix(d.String(), "0s"), "0m")
}
