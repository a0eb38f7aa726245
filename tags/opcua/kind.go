package opcua

import (
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/pos"
	"github.com/gohmi/gohmi/tags"
)

// DriverKind is OPC UA as a [tags.Kind]: a connection's `opcua:` settings
// decode to a [Config] (files relative to the project directory, a
// generated certificate in its pki/ unless `pki:` says where), a tag's
// `sampling:`, `queue_size:` and `deadband:` to its monitored item.
func DriverKind() tags.Kind {
	return tags.Kind{Conn: decodeConfig, TagKeys: []string{"sampling", "queue_size", "deadband"}, Tag: decodeTag, New: newKind, Files: checkFiles}
}

func decodeConfig(d *yamldec.Decoder, n *yaml.Node) any {
	c := Config{Policy: "None", Timeout: DefaultTimeout}
	if n == nil {
		return c
	}
	known := []string{"endpoint", "policy", "mode", "username", "password", "cert", "key", "pki", "timeout"}
	d.Fields(n, "opcua settings", known, func(key string, k, v *yaml.Node) {
		if key == "timeout" {
			c.Timeout = d.Duration(v, key)
			return
		}
		s := d.Str(v, key)
		switch key {
		case "endpoint":
			c.Endpoint = s
		case "policy":
			c.Policy = s
		case "mode":
			c.Mode = s
		case "username":
			c.Username = s
		case "password":
			c.Password = s
		case "cert":
			c.CertFile = s
		case "key":
			c.KeyFile = s
		case "pki":
			c.PKIDir = s
		}
	})
	return c
}

// checkFiles reports the files of the connection's trust list
// (<pki>/trusted) that the driver would skip: unreadable, too large, no
// certificate. Each error is placed at its file, the path as the project
// names it (relative to the working directory when the project's is).
func checkFiles(conn any, o tags.KindOptions) pos.ErrorList {
	c, _ := conn.(Config)
	_, errs := LoadTrusted(filepath.Join(pkiDir(c, o), TrustedDir))
	return errs
}

// pkiDir is the connection's PKI folder: `pki:` (default pki/) in the
// project directory.
func pkiDir(c Config, o tags.KindOptions) string {
	if c.PKIDir == "" {
		c.PKIDir = "pki"
	}
	return rel(o.Dir, c.PKIDir)
}

// decodeTag returns a Tag without its Def: the monitored item's settings.
func decodeTag(d *yamldec.Decoder, keys map[string]*yaml.Node) any {
	var t Tag
	if n := keys["sampling"]; n != nil {
		t.Sampling = d.Duration(n, "sampling")
	}
	if n := keys["queue_size"]; n != nil {
		t.QueueSize = uint32(max(d.Num(n, "queue_size"), 0))
	}
	if n := keys["deadband"]; n != nil {
		d.Fields(n, "deadband", []string{"absolute", "percent"}, func(key string, k, v *yaml.Node) {
			if t.Deadband.Kind != "" {
				d.Errorf(k, "deadband: give absolute or percent, not both")
			}
			t.Deadband.Kind, t.Deadband.Value = key, d.Num(v, key)
		})
	}
	return t
}

func newKind(conn any, ts []tags.KindTag, o tags.KindOptions) (tags.Driver, error) {
	c, _ := conn.(Config)
	c.Name = o.Name
	c.CertFile, c.KeyFile, c.PKIDir = rel(o.Dir, c.CertFile), rel(o.Dir, c.KeyFile), pkiDir(c, o)
	ut := make([]Tag, len(ts))
	for i, t := range ts {
		ut[i], _ = t.Settings.(Tag)
		ut[i].Def = t.Def
	}
	d, err := New(c, ut, Options{Logger: o.Logger, Clock: o.Clock})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// rel is f in dir when f is relative.
func rel(dir, f string) string {
	if f == "" || filepath.IsAbs(f) {
		return f
	}
	return filepath.Join(dir, f)
}
