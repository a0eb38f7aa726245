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
