package sim

import (
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/tags"
)

// Config is a simulator connection's settings in the project file
// (`sim: {seed: 7, tick: 50ms}`).
type Config struct {
	Seed int64
	Tick time.Duration
}

// DriverKind is the simulator as a [tags.Kind]: a connection's `sim:`
// settings, a tag's `signal:`.
func DriverKind() tags.Kind {
	return tags.Kind{Conn: decodeConfig, TagKeys: []string{"signal"}, Tag: decodeTag, New: newDriver}
}

func decodeConfig(d *yamldec.Decoder, n *yaml.Node) any {
	c := Config{Seed: 1, Tick: 100 * time.Millisecond}
	if n == nil {
		return c
	}
	d.Fields(n, "sim settings", []string{"seed", "tick"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "seed":
			c.Seed = int64(d.Num(v, key))
		case "tick":
			c.Tick = d.Duration(v, key)
		}
	})
	return c
}

func decodeTag(d *yamldec.Decoder, keys map[string]*yaml.Node) any {
	n := keys["signal"]
	if n == nil {
		return nil
	}
	var s Signal
	known := []string{"kind", "period", "min", "max", "phase", "step", "initial"}
	d.Fields(n, "signal", known, func(key string, k, v *yaml.Node) {
		switch key {
		case "kind":
			kind, err := ParseKind(d.Str(v, key))
			if err != nil {
				d.Errorf(v, "%v", err)
			}
			s.Kind = kind
		case "period":
			s.Period = d.Duration(v, key)
		case "min":
			s.Min = d.Num(v, key)
		case "max":
			s.Max = d.Num(v, key)
		case "phase":
			s.Phase = d.Num(v, key)
		case "step":
			s.Step = d.Num(v, key)
		case "initial":
			s.Initial = d.Scalar(v, key)
		}
	})
	return s
}

func newDriver(conn any, ts []tags.KindTag, o tags.KindOptions) (tags.Driver, error) {
	c, _ := conn.(Config)
	st := make([]Tag, len(ts))
	for i, t := range ts {
		s, _ := t.Settings.(Signal)
		st[i] = Tag{Def: t.Def, Signal: s}
	}
	d, err := New(Options{Seed: c.Seed, Tick: c.Tick, Clock: o.Clock, Logger: o.Logger}, st)
	if err != nil {
		return nil, err
	}
	return d, nil
}
