// Package drivers is the one place that lists every protocol of this
// build: the table of [tags.Kind]s by connection type that cmd/hmi hands
// to hmi (and hmi's tests use). Adding a protocol is a package under tags/
// and a row here.
package drivers

import (
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/modbus"
	"github.com/gohmi/gohmi/tags/opcua"
	"github.com/gohmi/gohmi/tags/sim"
)

// Kinds returns a new table of every driver kind by connection type.
func Kinds() map[string]tags.Kind {
	return map[string]tags.Kind{
		"sim":    sim.DriverKind(),
		"modbus": modbus.DriverKind(),
		"opcua":  opcua.DriverKind(),
	}
}
