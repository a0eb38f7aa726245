package modbus

import (
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/tags"
)

// DriverKind is Modbus as a [tags.Kind]: a connection's `modbus:` settings
// decode to a [Config], a tag's `scan:` to its scan period.
func DriverKind() tags.Kind {
	return tags.Kind{Conn: decodeConfig, TagKeys: []string{"scan"}, Tag: decodeTag, New: newKind}
}

func decodeConfig(d *yamldec.Decoder, n *yaml.Node) any {
	c := Config{UnitID: 1, Baud: 19200, Parity: "E", StopBits: 1, Timeout: time.Second, Scan: time.Second, MaxGap: 10}
	if n == nil {
		return c
	}
	known := []string{"address", "device", "baud", "parity", "stop_bits", "unit_id", "timeout", "scan", "max_gap"}
	d.Fields(n, "modbus settings", known, func(key string, k, v *yaml.Node) {
		switch key {
		case "address":
			c.Address = d.Str(v, key)
		case "device":
			c.Device = d.Str(v, key)
		case "baud":
			c.Baud = int(d.Num(v, key))
		case "parity":
			c.Parity = d.Str(v, key)
		case "stop_bits":
			c.StopBits = int(d.Num(v, key))
		case "unit_id":
			c.UnitID = unitID(d, v, key)
		case "timeout":
			c.Timeout = d.Duration(v, key)
		case "scan":
			c.Scan = d.Duration(v, key)
		case "max_gap":
			c.MaxGap = int(d.Num(v, key))
		}
	})
	return c
}

func unitID(d *yamldec.Decoder, v *yaml.Node, key string) byte {
	f := d.Num(v, key)
	if f < 0 || f > 255 || f != float64(int(f)) {
		d.Errorf(v, "%s: expected a whole number from 0 to 255, got %s", key, yamldec.Quoted(v))
		return 1
	}
	return byte(f)
}

func decodeTag(d *yamldec.Decoder, keys map[string]*yaml.Node) any {
	if n := keys["scan"]; n != nil {
		return d.Duration(n, "scan")
	}
	return nil
}

func newKind(conn any, ts []tags.KindTag, o tags.KindOptions) (tags.Driver, error) {
	c, _ := conn.(Config)
	c.Name = o.Name
	mt := make([]Tag, len(ts))
	for i, t := range ts {
		scan, _ := t.Settings.(time.Duration)
		mt[i] = Tag{Def: t.Def, Scan: scan}
	}
	d, err := New(c, mt, Options{Logger: o.Logger, Clock: o.Clock})
	if err != nil {
		return nil, err
	}
	return d, nil
}
