package hmi

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/gopage"
)

// Horn is hmi.yaml's `horn:`: a writable bool tag the runtime writes true
// when a new unacknowledged alarm of Priority or a more important one
// appears, and false when it is silenced or every such alarm is
// acknowledged. The zero Horn has no tag: no horn.
type Horn struct {
	Tag      string
	Priority alarms.Priority // default High: critical and high alarms sound it
	TagPos   gopage.Pos
}

// horn reads `horn: Plant.Horn` or `horn: {tag: Plant.Horn, priority: high}`.
func (d *decoder) horn(n *yaml.Node) Horn {
	h := Horn{Priority: alarms.High}
	if n.Kind == yaml.ScalarNode {
		h.Tag, h.TagPos = d.str(n, "horn"), d.pos(n)
		return h
	}
	d.fields(n, "horn", []string{"tag", "priority"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "tag":
			h.Tag, h.TagPos = d.str(v, key), d.pos(v)
		case "priority":
			s := d.str(v, key)
			p, ok := alarms.ParsePriority(s)
			if !ok {
				d.errorf(v, "horn priority %q: want critical, high, medium, low or 1…4", s)
			}
			h.Priority = p
		}
	})
	if h.Tag == "" {
		d.errorf(n, "horn needs a tag")
	}
	return h
}

// checkHorn checks that the horn's tag exists, is a bool and is writable.
func (c *checker) checkHorn() {
	h := c.p.Horn
	if h.Tag == "" {
		return
	}
	def, ok := c.def(h.Tag, h.TagPos)
	if !ok {
		return
	}
	if def.Type.String() != "bool" {
		c.errs.Add(h.TagPos, fmt.Sprintf("horn tag %s is a %s, not a bool", h.Tag, def.Type))
	}
	if !def.Writable {
		c.errs.Add(h.TagPos, fmt.Sprintf("horn tag %s is not writable (set writable: true in %s)", h.Tag, ProjectFile))
	}
}

// JournalConfig is hmi.yaml's `journal:`: how much of the alarm journal is
// kept. Older events are pruned in the background, but never an existing
// alarm's last event (its state after a restart).
type JournalConfig struct {
	KeepDays  int   // events older than this many days go; default 365
	MaxEvents int64 // the oldest events beyond this count go; default 10,000,000
}

// defaultJournal is the retention of a project that says nothing: a year,
// at most ten million events (about 2 GB).
func defaultJournal() JournalConfig { return JournalConfig{KeepDays: 365, MaxEvents: 10_000_000} }

// journalConfig reads `journal: { keep-days: 90, max-events: 1000000 }`.
func (d *decoder) journalConfig(n *yaml.Node) JournalConfig {
	c := defaultJournal()
	d.fields(n, "journal", []string{"keep-days", "max-events"}, func(key string, k, v *yaml.Node) {
		f := d.num(v, key)
		if f < 1 || f != float64(int64(f)) || f > 1e12 {
			d.errorf(v, "journal %s: want a whole number of at least 1, got %s", key, v.Value)
			return
		}
		if key == "keep-days" {
			c.KeepDays = int(min(f, 100*365))
		} else {
			c.MaxEvents = int64(f)
		}
	})
	return c
}
