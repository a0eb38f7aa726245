package tags

import (
	"log/slog"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/pos"
)

// Kind is one protocol a connection can speak (sim, modbus, opcua). It owns
// what the project file says about such a connection and its tags, and
// builds the driver; the program that runs projects holds one table of
// kinds by connection type and knows nothing of any protocol, so adding
// one is a package and a row of that table.
//
// The configurations Conn and Tag return are plain values compared with
// reflect.DeepEqual: a reload restarts a connection only when its own
// configuration changed, and hands a driver new tags when one of its tags'
// settings did.
type Kind struct {
	// Conn decodes a connection's settings: the mapping under the
	// connection's type key, nil when absent (the defaults). It reports
	// problems through d, with positions.
	Conn func(d *yamldec.Decoder, n *yaml.Node) any
	// TagKeys are the keys of a tag's entry that only this kind reads; Tag
	// decodes the ones given (by key) into the tag's settings.
	TagKeys []string
	Tag     func(d *yamldec.Decoder, keys map[string]*yaml.Node) any
	// New builds the driver of a connection from its configuration (from
	// Conn) and its tags. It starts nothing, so a zero KindOptions makes it
	// a check of the configuration and the tags.
	New func(conn any, ts []KindTag, opts KindOptions) (Driver, error)
	// Files, when set, checks the files a connection's settings make the
	// driver read at run time besides the project's own (an OPC UA trust
	// list of certificates) and returns every problem placed at its file;
	// `hmi check` reports them. It reads, never writes. nil: no such files.
	Files func(conn any, opts KindOptions) pos.ErrorList
}

// KindTag is one tag handed to [Kind.New]: its definition and the settings
// [Kind.Tag] decoded for it (nil when it gave none).
type KindTag struct {
	Def      Def
	Settings any
}

// KindOptions are what [Kind.New] gets besides the configuration.
type KindOptions struct {
	Name   string // the connection's name, for messages and logs
	Dir    string // the project directory: relative paths in settings start there
	Logger *slog.Logger
	Clock  clock.Clock // nil: the wall clock
}

// Sampler is a driver that can give every tag's value at an instant
// without running, as the simulator can: a headless snapshot uses it.
type Sampler interface {
	Sample(elapsed time.Duration) []Update
}
