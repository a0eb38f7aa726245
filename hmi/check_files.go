package hmi

import (
	"errors"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/tags"
)

// CheckFiles returns err, the error [Load] returned, with the problems of
// the files the connections' drivers read at run time besides the
// project's own (an OPC UA connection's trust list, pki/trusted/) added,
// each placed at its file: `hmi check` fails on them. Load leaves them
// out on purpose: at run time a driver skips such a file and logs it, and
// a stray file must not stop a panel from starting.
func (p *Project) CheckFiles(err error) error {
	var list gopage.ErrorList
	if err != nil && !errors.As(err, &list) {
		return err
	}
	seen := map[string]bool{} // connections sharing one pki/ report once
	for _, c := range p.Connections {
		k, ok := p.kinds[c.Type]
		if !ok || k.Files == nil {
			continue
		}
		for _, e := range k.Files(c.Config, tags.KindOptions{Name: c.Name, Dir: p.Dir}) {
			if key := e.Error(); !seen[key] {
				seen[key] = true
				list = append(list, e)
			}
		}
	}
	list.Sort()
	return list.Err()
}
