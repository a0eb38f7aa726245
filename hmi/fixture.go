package hmi

import (
	"errors"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/tags"
)

// LoadFixture reads a fixture file: tag values for snapshots and tests,
// written as a mapping from tag name to a value, or to a mapping with value,
// quality and reason:
//
//	Tank1.Level: 62.5
//	Pump1.Run: true
//	Tank2.Level: { quality: bad, reason: "comm failure" }
//
// Unknown tags and values that do not fit the tag's type are errors with
// their position.
func (p *Project) LoadFixture(file string) ([]tags.Update, error) {
	src, err := readLimited(file, maxFixtureFile)
	if err != nil {
		var big *gopage.Error
		if errors.As(err, &big) {
			return nil, gopage.ErrorList{big}
		}
		return nil, err
	}
	var errs gopage.ErrorList
	d, doc := newDecoder(file, src, "fixture file", &errs)
	if doc == nil {
		return nil, errs.Err()
	}
	defs := map[string]tags.Def{}
	var names []string
	for _, t := range p.Tags {
		defs[t.Def.Name] = t.Def
		names = append(names, t.Def.Name)
	}
	var ups []tags.Update
	d.fields(doc, "fixture", names, func(name string, k, v *yaml.Node) {
		val := tags.Value{Quality: tags.Good}
		raw := any(nil)
		if v.Kind == yaml.MappingNode {
			d.fields(v, "fixture value", []string{"value", "quality", "reason"}, func(key string, _, x *yaml.Node) {
				switch key {
				case "value":
					raw = d.scalar(x, key)
				case "quality":
					val.Quality = d.quality(x)
				case "reason":
					val.Reason = d.str(x, key)
				}
			})
		} else {
			raw = d.scalar(v, name)
		}
		if raw != nil {
			cv, err := defs[name].Type.Convert(raw)
			if err != nil {
				d.errorf(v, "%s: %v", name, err)
			}
			val.V = cv
		} else if val.Quality == tags.Good {
			d.errorf(v, "%s: a Good value needs a value", name)
		}
		ups = append(ups, tags.Update{Name: name, Value: val})
	})
	errs.Sort()
	return ups, errs.Err()
}

func (d *decoder) quality(n *yaml.Node) tags.Quality {
	qs := []string{"good", "uncertain", "bad"}
	s := d.str(n, "quality")
	for i, q := range qs {
		if q == s {
			return tags.Quality(i)
		}
	}
	d.errorf(n, "unknown quality %q (want good, uncertain or bad)%s", s, suggest.DidYouMean(s, qs))
	return tags.Bad
}

// fixturePath resolves a fixture name: a path as given, else a file of the
// project's fixtures directory (with or without .yaml).
func (p *Project) fixturePath(name string) string {
	for _, f := range []string{name, p.Dir + "/" + p.FixturesDir + "/" + name, p.Dir + "/" + p.FixturesDir + "/" + name + ".yaml"} {
		if st, err := os.Stat(f); err == nil && !st.IsDir() {
			return f
		}
	}
	return name
}
