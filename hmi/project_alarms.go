package hmi

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/tags"
)

// AlarmsDir is the directory of a project's alarm files: every .yaml, .yml
// and .json file directly in it holds `alarms:`, a list of definitions
// like hmi.yaml's (see package alarms), loaded in file-name order after
// hmi.yaml's own.
const AlarmsDir = "alarms"

// maxAlarmFile bounds one alarm file: 10,000 definitions at ~200 bytes.
const maxAlarmFile = 4 << 20

// alarmFile is one parsed file of AlarmsDir.
type alarmFile struct {
	File string // path as given to the decoder (Dir joined)
	defs []alarms.Def
	sum  [32]byte // content hash: a reload reuses the decode of an unchanged file
	errs gopage.ErrorList
}

// AlarmPlan returns the alarm definitions compiled against the project's
// tags by the check that Load ran; nil when the check did not run (hmi.yaml
// did not decode). A project loaded with errors may hold a partial plan:
// it must not run.
func (p *Project) AlarmPlan() *alarms.Plan { return p.alarmPlan }

// decodeAlarms decodes hmi.yaml's `alarms:`, once the tags are known (the
// key may come before `tags:`).
func (p *Project) decodeAlarms(d *decoder, doc *yaml.Node) {
	doc = yamldec.Deref(doc)
	if doc == nil || doc.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == "alarms" {
			p.Alarms = alarms.Decode(d.Decoder, doc.Content[i+1], p.tagDef)
			return // a second alarms: key is reported by Fields
		}
	}
}

// tagDef looks a tag of hmi.yaml up by name.
func (p *Project) tagDef(name string) (tags.Def, bool) {
	for i := range p.Tags {
		if p.Tags[i].Def.Name == name {
			return p.Tags[i].Def, true
		}
	}
	return tags.Def{}, false
}

// loadAlarms decodes the files of AlarmsDir, reusing prev's decode of a
// file whose content and whose project's tags did not change (a deadband
// in % reads the tags' ranges).
func (p *Project) loadAlarms(errs *gopage.ErrorList, prev *Project) {
	if p.broken {
		return // the tags are unknown: every tag reference would be wrong
	}
	entries, err := os.ReadDir(filepath.Join(p.Dir, AlarmsDir))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			errs.Add(gopage.Pos{Filename: filepath.Join(p.Dir, ProjectFile)}, fmt.Sprintf("alarms directory: %v", unwrapPathError(err)))
		}
		return
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var old map[string]*alarmFile
	if prev != nil && sameTagDefs(prev.Tags, p.Tags) {
		old = map[string]*alarmFile{}
		for _, f := range prev.alarmFiles {
			old[f.File] = f
		}
	}
	for _, e := range entries {
		if e.IsDir() || !isAlarmFile(e.Name()) {
			continue
		}
		f := p.alarmFile(filepath.Join(p.Dir, AlarmsDir, e.Name()), errs, old)
		if f == nil {
			continue
		}
		*errs = append(*errs, f.errs...)
		p.alarmFiles = append(p.alarmFiles, f)
		p.Alarms = append(p.Alarms, f.defs...)
	}
}

// alarmFile reads and decodes one file, or reuses old's decode of it.
func (p *Project) alarmFile(file string, errs *gopage.ErrorList, old map[string]*alarmFile) *alarmFile {
	src, err := readLimited(file, maxAlarmFile)
	if err != nil {
		addReadError(errs, err, gopage.Pos{Filename: file}, "")
		return nil
	}
	sum := sha256.Sum256(src)
	if f := old[file]; f != nil && f.sum == sum {
		return f
	}
	defs, list := alarms.DecodeFile(file, src, p.tagDef)
	return &alarmFile{File: file, defs: defs, sum: sum, errs: list}
}

// isAlarmFile reports a file of AlarmsDir the project loads.
func isAlarmFile(name string) bool {
	switch filepath.Ext(name) {
	case ".yaml", ".yml", ".json":
		return Relevant(AlarmsDir + "/" + name)
	}
	return false
}

// isAlarmPath reports whether a project-relative path is directly in
// AlarmsDir.
func isAlarmPath(rel string) bool {
	dir, _ := filepath.Split(filepath.ToSlash(rel))
	return dir == AlarmsDir+"/"
}

func sameTagDefs(a, b []Tag) bool {
	return slices.EqualFunc(a, b, func(x, y Tag) bool { return reflect.DeepEqual(x.Def, y.Def) })
}

// addAlarmSums gives fileSums the hash of every alarm file p read.
func (p *Project) addAlarmSums(add func(file string, sum [32]byte)) {
	for _, f := range p.alarmFiles {
		add(f.File, f.sum)
	}
}
