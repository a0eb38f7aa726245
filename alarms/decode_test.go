package alarms_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/pos"
	"github.com/gohmi/gohmi/tags"
)

func f64(v float64) *float64 { return &v }

// decodeTags are the tags the tests' alarms read.
var decodeTags = []tags.Def{
	{Name: "Tank1.Level", Type: tags.Float, Min: f64(0), Max: f64(200)},
	{Name: "Tank1.HiSP", Type: tags.Float},
	{Name: "Tank2.Level", Type: tags.Float},
	{Name: "Reactor.Temp", Type: tags.Float},
	{Name: "Reactor.SP", Type: tags.Float},
	{Name: "Pump1.Fault", Type: tags.Bool},
	{Name: "Pump1.Running", Type: tags.Bool},
	{Name: "Pump1.Mode", Type: tags.String},
}

func lookup(name string) (tags.Def, bool) {
	for _, d := range decodeTags {
		if d.Name == name {
			return d, true
		}
	}
	return tags.Def{}, false
}

func known(name string) bool { _, ok := lookup(name); return ok }

// decodeAndCompile decodes src as alarms.yaml and compiles it, returning
// the definitions and every error, formatted.
func decodeAndCompile(src string) ([]alarms.Def, []string) {
	defs, errs := alarms.DecodeFile("alarms.yaml", []byte(src), lookup)
	if len(errs) == 0 {
		_, cerrs := alarms.Compile(defs, tags.NewEnv(decodeTags), known)
		errs = append(errs, cerrs...)
	}
	return defs, errStrings(errs)
}

func errStrings(errs pos.ErrorList) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}

func TestDecodeGood(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []alarms.Def // compared without positions
	}{
		{"limits with defaults", `alarms:
  - tag: Tank1.Level
    hihi: 95
    hi: 85
    lo: 10
    lolo: 5
`, []alarms.Def{
			decodedLimit("Tank1.Level.HiHi", alarms.Above, 95, alarms.High, "Tank1.Level high high"),
			decodedLimit("Tank1.Level.Hi", alarms.Above, 85, alarms.Medium, "Tank1.Level high"),
			decodedLimit("Tank1.Level.Lo", alarms.Below, 10, alarms.Medium, "Tank1.Level low"),
			decodedLimit("Tank1.Level.LoLo", alarms.Below, 5, alarms.High, "Tank1.Level low low"),
		}},
		{"entry settings apply to every limit, a limit's own win", `alarms:
  - tag: Tank1.Level
    name: T1
    hi: {limit: Tank1.HiSP, priority: critical, message: "T1 at {Tank1.Level}", on-delay: 1s, deadband: 1}
    lo: 10
    deadband: 5%
    on-delay: 2s
    off-delay: 1m
    priority: 4
    message: "Tank 1 {Tank1.Level} %"
    area: Tanks
    suppress: "!Pump1.Running"
    ack-comment: true
    max-shelve: 7d
`, []alarms.Def{
			func() alarms.Def {
				d := decodedLimit("T1.Hi", alarms.Above, 0, alarms.Critical, "T1 at {Tank1.Level}")
				d.Limit.Tag = "Tank1.HiSP"
				d.Deadband, d.OnDelay, d.OffDelay = 1, time.Second, time.Minute
				d.Area, d.Suppress, d.AckComment, d.MaxShelve = "Tanks", "!Pump1.Running", true, 7*24*time.Hour
				return d
			}(),
			func() alarms.Def {
				d := decodedLimit("T1.Lo", alarms.Below, 10, alarms.Low, "Tank 1 {Tank1.Level} %")
				d.Deadband, d.OnDelay, d.OffDelay = 10, 2*time.Second, time.Minute // 5% of the tag's 0…200
				d.Area, d.Suppress, d.AckComment, d.MaxShelve = "Tanks", "!Pump1.Running", true, 7*24*time.Hour
				return d
			}(),
		}},
		{"percent deadband of the entry's range", `alarms:
  - {input: Tank1.Level * 2, name: Twice, hi: 50, deadband: 10%, range: [0, 50]}
`, []alarms.Def{func() alarms.Def {
			d := decodedLimit("Twice.Hi", alarms.Above, 50, alarms.Medium, "Twice high")
			d.Input, d.Deadband = "Tank1.Level * 2", 5
			return d
		}()}},
		{"digital named after its tag", `alarms:
  - when: Pump1.Fault
    priority: high
    latched: true
`, []alarms.Def{{Name: "Pump1.Fault", Kind: alarms.Digital, When: "Pump1.Fault", Priority: alarms.High, Message: "Pump1.Fault", Latched: true, Ack: true}}},
		{"digital with a name and no ack", `alarms:
  - {name: Pump1.Trip, when: "Pump1.Fault && Pump1.Running", ack: false, message: Pump 1 tripped}
`, []alarms.Def{{Name: "Pump1.Trip", Kind: alarms.Digital, When: "Pump1.Fault && Pump1.Running", Priority: alarms.Medium, Message: "Pump 1 tripped"}}},
		{"deviation", `alarms:
  - tag: Reactor.Temp
    deviation: {setpoint: Reactor.SP, limit: 5, dir: above}
    deadband: 0.5
`, []alarms.Def{{Name: "Reactor.Temp.Deviation", Kind: alarms.Deviation, Input: "Reactor.Temp", Dir: alarms.Above,
			Limit: alarms.Ref{Value: 5}, Setpoint: alarms.Ref{Tag: "Reactor.SP"}, Deadband: 0.5, Ack: true, Priority: alarms.Medium, Message: "Reactor.Temp deviation"}}},
		{"rate", `alarms:
  - tag: Tank1.Level
    rate: {limit: 10, per: minute, dir: falling}
`, []alarms.Def{{Name: "Tank1.Level.Rate", Kind: alarms.Rate, Input: "Tank1.Level", Dir: alarms.Below, Per: time.Minute,
			Limit: alarms.Ref{Value: 10}, Ack: true, Priority: alarms.Medium, Message: "Tank1.Level falling fast"}}},
		{"bad quality", `alarms:
  - {tag: Tank1.Level, bad-quality: true, name: LT101}
`, []alarms.Def{{Name: "LT101", Kind: alarms.BadQuality, Input: "Tank1.Level", Ack: true, Priority: alarms.Low, Message: "LT101 bad quality"}}},
		{"null list", "alarms:\n", nil},
		{"empty file", "# nothing yet\n", nil},
		{"JSON", `{"alarms": [{"tag": "Tank1.Level", "hi": 90, "on-delay": "0s"}]}`,
			[]alarms.Def{decodedLimit("Tank1.Level.Hi", alarms.Above, 90, alarms.Medium, "Tank1.Level high")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defs, errs := decodeAndCompile(tt.src)
			if len(errs) > 0 {
				t.Fatalf("errors:\n%s", strings.Join(errs, "\n"))
			}
			if len(defs) != len(tt.want) {
				t.Fatalf("got %d definitions, want %d: %+v", len(defs), len(tt.want), defs)
			}
			for i := range defs {
				if got := noPos(defs[i]); got != tt.want[i] {
					t.Errorf("def %d:\n got %+v\nwant %+v", i, got, tt.want[i])
				}
				if !defs[i].Pos.IsValid() || !defs[i].MessagePos.IsValid() {
					t.Errorf("def %d: positions not set: %+v", i, defs[i])
				}
			}
		})
	}
}

func decodedLimit(name string, dir alarms.Dir, limit float64, p alarms.Priority, msg string) alarms.Def {
	return alarms.Def{Name: name, Kind: alarms.Limit, Input: "Tank1.Level", Dir: dir, Limit: alarms.Ref{Value: limit}, Priority: p, Message: msg, Ack: true}
}

func noPos(d alarms.Def) alarms.Def {
	d.Pos, d.InputPos, d.WhenPos, d.SuppressPos, d.MessagePos = pos.Pos{}, pos.Pos{}, pos.Pos{}, pos.Pos{}, pos.Pos{}
	d.Limit.Pos, d.Setpoint.Pos = pos.Pos{}, pos.Pos{}
	return d
}

// TestDecodePositions checks that every position a Def carries points at
// the bytes it describes, in plain, quoted and flow styles.
func TestDecodePositions(t *testing.T) {
	src := `alarms:
  - tag: Tank1.Level
    hi: Tank1.HiSP
    lo: {limit: 10, message: 'low {Tank1.Level}'}
    suppress: "!Pump1.Running"
  - name: P
    when: !!str Pump1.Fault
    message: |
      Pump {Pump1.Fault}
`
	defs, errs := decodeAndCompile(src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	lines := strings.Split(src, "\n")
	at := func(p pos.Pos, want string) {
		t.Helper()
		line := lines[p.Line-1]
		if p.Col < 1 || !strings.HasPrefix(line[p.Col-1:], want) {
			t.Errorf("%s: %q does not start with %q", p, line[min(max(p.Col-1, 0), len(line)):], want)
		}
	}
	at(defs[0].Pos, "hi:")
	at(defs[0].InputPos, "Tank1.Level")
	at(defs[0].Limit.Pos, "Tank1.HiSP")
	at(defs[0].SuppressPos, "!Pump1.Running")
	at(defs[1].Pos, "lo:")
	at(defs[1].Limit.Pos, "10")
	at(defs[1].MessagePos, "low {")
	at(defs[2].Pos, "name: P")
	at(defs[2].WhenPos, "Pump1.Fault")
	at(defs[2].MessagePos, "Pump {")
}

// TestDecodeErrors: each bad input gives exactly these errors, placed.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"typo in a plain expression", `alarms:
  - name: Trip
    when: Pump1.Running && Pump1.Faul
`, []string{`alarms.yaml:3:28: when: unknown tag "Pump1.Faul", did you mean "Pump1.Fault"?`}},
		{"typo in a quoted expression", `alarms:
  - name: Trip
    when: "Pump1.Running && Pump1.Faul"
`, []string{`alarms.yaml:3:29: when: unknown tag "Pump1.Faul", did you mean "Pump1.Fault"?`}},
		{"typo in a single-quoted suppression", `alarms:
  - {tag: Tank1.Level, hi: 90, suppress: '!Pump1.Runing'}
`, []string{`alarms.yaml:2:44: suppress: unknown tag "Pump1.Runing", did you mean "Pump1.Running"?`}},
		{"typo in a message part", `alarms:
  - tag: Tank1.Level
    hi: 90
    message: "Tank 1 at {Tank1.Levl} %"
`, []string{`alarms.yaml:4:26: message: unknown tag "Tank1.Levl", did you mean "Tank1.Level"?`}},
		{"unclosed brace in a message", `alarms:
  - {when: Pump1.Fault, message: "Pump {Pump1.Fault"}
`, []string{`alarms.yaml:2:40: message: unclosed "{" in text (write "{{" for a brace)`}},
		{"unknown input tag", `alarms:
  - tag: Tank3.Level
    hi: 90
`, []string{`alarms.yaml:2:10: input: unknown tag "Tank3.Level", did you mean "Tank1.Level"?`}},
		{"unknown limit tag", `alarms:
  - tag: Tank1.Level
    hi: Tank1.HiSp
`, []string{`alarms.yaml:3:9: limit: unknown tag "Tank1.HiSp", did you mean "Tank1.HiSP"?`}},
		{"unknown key", `alarms:
  - tag: Tank1.Level
    hi: 90
    dedband: 2
`, []string{`alarms.yaml:4:5: unknown key "dedband" in alarm, did you mean "deadband"?`}},
		{"missing condition", `alarms:
  - tag: Tank1.Level
    area: Tanks
`, []string{`alarms.yaml:2:5: alarm: missing condition: one of hihi, hi, lo, lolo, when, deviation, rate or bad-quality`}},
		{"missing input", `alarms:
  - hi: 90
`, []string{`alarms.yaml:2:5: alarm: missing tag (or input: EXPRESSION) for a limit alarm`}},
		{"missing name", `alarms:
  - input: Tank1.Level + Tank2.Level
    hi: 90
`, []string{`alarms.yaml:2:5: alarm: missing name (needed when the condition is an expression)`}},
		{"two kinds", `alarms:
  - tag: Tank1.Level
    hi: 90
    bad-quality: true
    when: Pump1.Fault
`, []string{
			`alarms.yaml:4:5: alarm: hi and bad-quality in one entry (write one entry per kind)`,
			`alarms.yaml:5:5: alarm: hi and when in one entry (write one entry per kind)`,
		}},
		{"tag and input", `alarms:
  - {tag: Tank1.Level, input: Tank2.Level, hi: 1}
`, []string{`alarms.yaml:2:24: alarm: give tag or input, not both`}},
		{"expression as a tag", `alarms:
  - {tag: Tank1.Level * 2, hi: 1}
`, []string{`alarms.yaml:2:11: tag: invalid tag name "Tank1.Level * 2": segment "Level * 2" contains ' ' (write an expression under input:)`}},
		{"negative delays and deadband", `alarms:
  - tag: Tank1.Level
    hi: 90
    on-delay: -2s
    off-delay: 2
    deadband: -1
`, []string{
			`alarms.yaml:4:15: on-delay: must not be negative, got -2s`,
			`alarms.yaml:5:16: off-delay: expected a duration like 2s or 5m, got "2"`,
			`alarms.yaml:6:15: deadband: must be a number of at least 0, got -1`,
		}},
		{"delay too long", `alarms:
  - {tag: Tank1.Level, hi: 90, on-delay: 25h}
`, []string{`alarms.yaml:2:42: on-delay: at most 24h, got 25h`}},
		{"percent deadband without a range", `alarms:
  - {tag: Tank2.Level, hi: 90, deadband: 2%}
`, []string{`alarms.yaml:2:42: deadband: 2% of what? give range: [min, max] or a tag with min and max`}},
		{"bad percent", `alarms:
  - {tag: Tank1.Level, hi: 90, deadband: 120%}
  - {tag: Tank2.Level, lo: 9, deadband: x%}
`, []string{
			`alarms.yaml:2:42: deadband: at most 100%, got 120%`,
			`alarms.yaml:3:41: deadband: expected a number or a percentage like 2%, got "x%"`,
		}},
		{"deadband on a digital alarm", `alarms:
  - {when: Pump1.Fault, deadband: 1}
`, []string{`alarms.yaml:2:35: deadband: applies to limit and deviation alarms, not digital`}},
		{"priority out of range", `alarms:
  - {tag: Tank1.Level, hi: 90, priority: 5}
  - {tag: Tank2.Level, hi: {limit: 90, priority: urgent}}
`, []string{
			`alarms.yaml:2:42: priority: expected critical, high, medium, low or 1 to 4, got "5"`,
			`alarms.yaml:3:50: priority: expected critical, high, medium, low or 1 to 4, got "urgent"`,
		}},
		{"max-shelve", `alarms:
  - {when: Pump1.Fault, max-shelve: 8d}
  - {name: B, when: Pump1.Fault, max-shelve: 0s}
`, []string{
			`alarms.yaml:2:37: max-shelve: at most 7d, got 8d`,
			`alarms.yaml:3:46: max-shelve: must be above 0 (leave it out for the default)`,
		}},
		{"limits out of order", `alarms:
  - tag: Tank1.Level
    hihi: 80
    hi: 90
    lo: 95
    lolo: 96
`, []string{
			`alarms.yaml:4:9: hi: 90 must be at most hihi 80`,
			`alarms.yaml:5:9: lo: 95 must be below hi 90`,
			`alarms.yaml:6:11: lolo: 96 must be at most lo 95`,
		}},
		{"limits of the wrong type", `alarms:
  - tag: Tank1.Level
    hihi: true
    hi: [90]
    lo: "not a tag"
    lolo: {priority: low}
`, []string{
			`alarms.yaml:3:11: hihi: expected a number or a tag name, got "true"`,
			`alarms.yaml:4:9: hi: expected a number, a tag name or {limit: …}, got a list`,
			`alarms.yaml:5:9: lo: expected a number or a tag name, got "not a tag"`,
			`alarms.yaml:6:11: lolo: missing limit`,
		}},
		{"bad names", `alarms:
  - {name: 1st.Trip, when: Pump1.Fault}
  - {name: "Trip 2", when: Pump1.Fault}
`, []string{
			`alarms.yaml:2:12: name: invalid alarm name "1st.Trip": segment "1st" starts with a digit`,
			`alarms.yaml:3:12: name: invalid alarm name "Trip 2": segment "Trip 2" contains ' '`,
		}},
		{"duplicate names", `alarms:
  - {tag: Tank1.Level, hi: 90}
  - {name: Tank1.Level.Hi, when: Pump1.Fault}
`, []string{`alarms.yaml:3:5: alarm "Tank1.Level.Hi" is defined twice (first at alarms.yaml:2:24)`}},
		{"limit alarm on a bool", `alarms:
  - {tag: Pump1.Fault, hi: 1}
`, []string{`alarms.yaml:2:11: tag: tag Pump1.Fault is a bool: a limit alarm needs a number (use when: for a digital alarm)`}},
		{"deviation and rate", `alarms:
  - {tag: Reactor.Temp, deviation: {limit: -5, dir: up}}
  - {tag: Tank1.Level, rate: {per: hour}}
`, []string{
			`alarms.yaml:2:44: deviation limit: must be above 0, got -5`,
			`alarms.yaml:2:53: deviation dir: expected above, below, either, high or low, got "up"`,
			`alarms.yaml:2:36: deviation: missing setpoint`,
			`alarms.yaml:3:36: rate per: expected second or minute, got "hour"`,
			`alarms.yaml:3:30: rate: missing limit`,
		}},
		{"latched without ack", `alarms:
  - {when: Pump1.Fault, latched: true, ack: false, ack-comment: true}
`, []string{
			`alarms.yaml:2:34: latched: a latched alarm is reset by an acknowledgement (remove ack: false)`,
			`alarms.yaml:2:65: ack-comment: the alarm needs no acknowledgement (ack: false)`,
		}},
		{"bad-quality false", `alarms:
  - {tag: Tank1.Level, bad-quality: false}
`, []string{
			`alarms.yaml:2:37: bad-quality: only true defines an alarm (remove the key for none)`,
			`alarms.yaml:2:5: alarm: missing condition: one of hihi, hi, lo, lolo, when, deviation, rate or bad-quality`,
		}},
		{"empty expressions", `alarms:
  - {name: A, when: " ", suppress: ""}
`, []string{
			`alarms.yaml:2:22: when: empty expression`,
			`alarms.yaml:2:37: suppress: empty expression`,
		}},
		{"not a list", `alarms: {tag: Tank1.Level}
`, []string{`alarms.yaml:1:9: alarms: expected a list, got a mapping`}},
		{"root not a mapping", `- tag: Tank1.Level
`, []string{`alarms.yaml:1:1: alarms file: expected a mapping, got a list`}},
		{"other root key", `alarm:
  - {tag: Tank1.Level, hi: 90}
`, []string{`alarms.yaml:1:1: unknown key "alarm" in alarms file, did you mean "alarms"?`}},
		{"syntax error", "alarms:\n  - {tag: Tank1.Level, hi: 90\n", []string{`alarms.yaml:2:5: unclosed {: no matching } before the end of the file`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := decodeAndCompile(tt.src)
			if strings.Join(errs, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestCompileCapsErrors: thousands of definitions with the same mistake
// give at most pos.MaxErrors errors.
func TestCompileCapsErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("alarms:\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "  - {name: A%d, when: Pump1.Faul}\n", i)
	}
	_, errs := decodeAndCompile(b.String())
	if len(errs) != pos.MaxErrors || errs[0] != `alarms.yaml:2:22: when: unknown tag "Pump1.Faul", did you mean "Pump1.Fault"?` {
		t.Errorf("%d errors, first %q; want %d", len(errs), errs[0], pos.MaxErrors)
	}
}
