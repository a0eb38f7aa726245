package hmi

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/style"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/sim"
)

// ProjectFile is the name of a project's root file.
const ProjectFile = "hmi.yaml"

// Project is a loaded project directory: hmi.yaml plus its screens.
type Project struct {
	Dir         string
	Name        string
	Start       string // screen shown first
	ScreensDir  string // relative to Dir
	StylesDir   string
	FixturesDir string
	Connections []Connection
	Tags        []Tag
	Screens     []*Screen // in file-name order
	Sheets      []*Sheet  // the .css files directly in StylesDir, in file-name order
	Theme       Theme
	// Warnings are problems that do not stop the project from running
	// (each message starts with "warning: "); `hmi check` prints them
	// and still succeeds.
	Warnings gopage.ErrorList

	exprs  map[string]error // expressions compiled by check, valid while the tags are the same
	broken bool             // hmi.yaml did not decode: its tags and screens are unknown
	unread bool             // a screen file could not be read: screen names are unknown
}

// Sheet is one parsed style sheet.
type Sheet struct {
	File  string // path as given to the parser (Dir joined)
	Sheet *style.Sheet
	sum   [32]byte
	errs  gopage.ErrorList
}

// Theme says which @theme blocks of the style sheets apply: Default, or
// the string an expression over tags gives (e.g. "Settings.NightMode ?
// 'night' : 'day'"), re-evaluated when its tags change.
type Theme struct {
	Default string
	Expr    string
	ExprPos gopage.Pos
}

// Screen is one parsed .gopage file.
type Screen struct {
	File   string // path as given to the parser (Dir joined)
	Page   *gopage.Screen
	Sheets []*Sheet // the screen's own style sheets (its styles: list, relative to the project)
	sum    [32]byte // content hash: a reload reuses the parse of an unchanged file
	errs   gopage.ErrorList
}

// Connection is one data source: the simulator, a Modbus device or an OPC UA server.
type Connection struct {
	Name   string
	Type   string // "sim", "modbus" or "opcua"
	Sim    SimSettings
	Modbus ModbusSettings
	OPCUA  OPCUASettings
	Pos    gopage.Pos
}

// SimSettings configure the built-in simulator.
type SimSettings struct {
	Seed int64
	Tick time.Duration
}

// ModbusSettings configure a Modbus TCP (Address) or RTU (Device) connection.
type ModbusSettings struct {
	Address  string // host:port for TCP
	Device   string // serial device for RTU
	Baud     int
	Parity   string
	StopBits int
	UnitID   int
	Timeout  time.Duration
	Scan     time.Duration // default scan period of its tags
	MaxGap   int           // registers read through to merge two reads into one
}

// OPCUASettings configure an OPC UA client session.
type OPCUASettings struct {
	Endpoint string
	Policy   string
	Mode     string
	Username string
	Password string
	Cert     string
	Key      string
	PKI      string // where a generated client certificate goes; default pki/ in the project
	Timeout  time.Duration
}

// Tag is one tag of hmi.yaml: its definition and the settings only one
// kind of connection uses.
type Tag struct {
	Def         tags.Def
	Signal      sim.Signal    // sim
	Scan        time.Duration // modbus: scan period (0: the connection's)
	Sampling    time.Duration // opcua: sampling interval (0: 100ms)
	QueueSize   int           // opcua: monitored item queue size
	Deadband    Deadband      // opcua: data change filter
	Description string
	Pos         gopage.Pos
}

// Deadband is an OPC UA data change filter: "absolute" or "percent" (of the
// node's EU range) and its value; Kind "" means none.
type Deadband struct {
	Kind  string
	Value float64
}

// connTypes are the connection types hmi.yaml accepts; only sim has a driver
// in this build, the others are parsed so that projects can be written now.
var connTypes = []string{"sim", "modbus", "opcua"}

// Load reads the project in dir. It returns the project, as complete as the
// files allow, and an error that is a gopage.ErrorList of every problem found
// (nil when the project is clean), each as path:line:col: message.
func Load(dir string) (*Project, error) { return load(dir, nil) }

// load is Load reusing what prev, the project as loaded before, parsed of
// files that did not change since: a reload pays only for what was edited.
func load(dir string, prev *Project) (*Project, error) {
	p := &Project{Dir: dir, ScreensDir: "screens", StylesDir: "styles", FixturesDir: "fixtures"}
	var errs gopage.ErrorList
	file := filepath.Join(dir, ProjectFile)
	src, err := readLimited(file, maxProjectFile)
	if err != nil {
		addReadError(&errs, err, gopage.Pos{Filename: file}, "cannot read project")
		return p, errs.Err()
	}
	p.parse(file, src, &errs)
	p.loadScreens(&errs, prev)
	p.loadSheets(&errs, prev)
	p.loadScreenSheets(&errs, prev)
	if !p.broken {
		// Without the project file, every tag and screen name would be
		// reported unknown: report only each file's own errors.
		p.check(&errs, prev)
	}
	errs.RemoveMultiples()
	return p, errs.Err()
}

// Screen returns the screen named name, or nil.
func (p *Project) Screen(name string) *Screen {
	for _, s := range p.Screens {
		if s.Page.Name == name {
			return s
		}
	}
	return nil
}

// ScreenNames returns the names of every screen in file order.
func (p *Project) ScreenNames() []string {
	names := make([]string, len(p.Screens))
	for i, s := range p.Screens {
		names[i] = s.Page.Name
	}
	return names
}

// Defs returns every tag definition.
func (p *Project) Defs() []tags.Def {
	defs := make([]tags.Def, len(p.Tags))
	for i, t := range p.Tags {
		defs[i] = t.Def
	}
	return defs
}

func (p *Project) parse(file string, src []byte, errs *gopage.ErrorList) {
	n := len(*errs)
	d, doc := newDecoder(file, src, "project file", errs)
	if doc == nil {
		if len(*errs) == n {
			errs.Add(gopage.Pos{Filename: file, Line: 1, Col: 1}, "empty project file")
		}
		p.broken = true
		return
	}
	known := []string{"name", "start", "screens", "styles", "fixtures", "theme", "connections", "tags"}
	d.fields(doc, "hmi.yaml", known, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			p.Name = d.str(v, key)
		case "start":
			p.Start = d.str(v, key)
		case "screens":
			p.ScreensDir = d.relDir(v, key)
		case "styles":
			p.StylesDir = d.relDir(v, key)
		case "fixtures":
			p.FixturesDir = d.relDir(v, key)
		case "theme":
			p.Theme = d.theme(v)
		case "connections":
			d.list(v, key, func(item *yaml.Node) { p.Connections = append(p.Connections, d.connection(item)) })
		case "tags":
			d.list(v, key, func(item *yaml.Node) { p.Tags = append(p.Tags, d.tag(item)) })
		}
	})
	p.checkConfig(d)
}

// theme reads `theme: day` or `theme: { default: day, expr: "..." }`.
func (d *decoder) theme(n *yaml.Node) Theme {
	if n.Kind == yaml.ScalarNode {
		return Theme{Default: d.str(n, "theme")}
	}
	var t Theme
	d.fields(n, "theme", []string{"default", "expr"}, func(key string, k, v *yaml.Node) {
		if key == "default" {
			t.Default = d.str(v, key)
		} else {
			t.Expr, t.ExprPos = d.str(v, key), d.valuePos(v)
		}
	})
	return t
}

// valuePos is where a scalar's text starts (after a quote).
func (d *decoder) valuePos(n *yaml.Node) gopage.Pos {
	pos := d.pos(n)
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		pos.Col++
	}
	return pos
}

func (d *decoder) relDir(n *yaml.Node, what string) string {
	s := d.str(n, what)
	if filepath.IsAbs(s) || strings.HasPrefix(filepath.Clean(s), "..") {
		d.errorf(n, "%s: must be a directory inside the project, got %q", what, s)
	}
	return s
}

func (d *decoder) connection(n *yaml.Node) Connection {
	c := Connection{Pos: d.pos(n), Sim: SimSettings{Seed: 1, Tick: 100 * time.Millisecond}}
	known := []string{"name", "type", "sim", "modbus", "opcua"}
	d.fields(n, "connection", known, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			c.Name = d.str(v, key)
		case "type":
			c.Type = d.str(v, key)
			if !contains(connTypes, c.Type) {
				d.errorf(v, "unknown connection type %q (want one of %s)%s", c.Type, strings.Join(connTypes, ", "), suggest.DidYouMean(c.Type, connTypes))
			}
		case "sim":
			d.fields(v, "sim settings", []string{"seed", "tick"}, func(key string, k, v *yaml.Node) {
				switch key {
				case "seed":
					c.Sim.Seed = int64(d.num(v, key))
				case "tick":
					c.Sim.Tick = d.duration(v, key)
				}
			})
		case "modbus":
			c.Modbus = d.modbus(v)
		case "opcua":
			c.OPCUA = d.opcua(v)
		}
	})
	if c.Name == "" {
		d.errorf(n, "connection: missing name")
	}
	if c.Type == "" {
		d.errorf(n, "connection %q: missing type (sim, modbus or opcua)", c.Name)
	}
	return c
}

func (d *decoder) modbus(n *yaml.Node) ModbusSettings {
	m := ModbusSettings{UnitID: 1, Baud: 19200, Parity: "E", StopBits: 1, Timeout: time.Second, Scan: time.Second, MaxGap: 10}
	known := []string{"address", "device", "baud", "parity", "stop_bits", "unit_id", "timeout", "scan", "max_gap"}
	d.fields(n, "modbus settings", known, func(key string, k, v *yaml.Node) {
		switch key {
		case "address":
			m.Address = d.str(v, key)
		case "device":
			m.Device = d.str(v, key)
		case "baud":
			m.Baud = int(d.num(v, key))
		case "parity":
			m.Parity = d.str(v, key)
		case "stop_bits":
			m.StopBits = int(d.num(v, key))
		case "unit_id":
			m.UnitID = int(d.num(v, key))
		case "timeout":
			m.Timeout = d.duration(v, key)
		case "scan":
			m.Scan = d.duration(v, key)
		case "max_gap":
			m.MaxGap = int(d.num(v, key))
		}
	})
	return m
}

func (d *decoder) opcua(n *yaml.Node) OPCUASettings {
	o := OPCUASettings{Policy: "None", Timeout: 5 * time.Second}
	known := []string{"endpoint", "policy", "mode", "username", "password", "cert", "key", "pki", "timeout"}
	d.fields(n, "opcua settings", known, func(key string, k, v *yaml.Node) {
		if key == "timeout" {
			o.Timeout = d.duration(v, key)
			return
		}
		s := d.str(v, key)
		switch key {
		case "endpoint":
			o.Endpoint = s
		case "policy":
			o.Policy = s
		case "mode":
			o.Mode = s
		case "username":
			o.Username = s
		case "password":
			o.Password = s
		case "cert":
			o.Cert = s
		case "key":
			o.Key = s
		case "pki":
			o.PKI = s
		}
	})
	return o
}

func (d *decoder) tag(n *yaml.Node) Tag {
	t := Tag{Pos: d.pos(n), Def: tags.Def{Type: tags.Float}}
	known := []string{"name", "connection", "type", "unit", "description", "writable", "min", "max", "scale", "address", "signal",
		"scan", "sampling", "queue_size", "deadband"}
	d.fields(n, "tag", known, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			t.Def.Name = d.str(v, key)
			if err := tags.ValidName(t.Def.Name); err != nil {
				d.errorf(v, "%v", err)
			}
		case "connection":
			t.Def.Conn = d.str(v, key)
		case "type":
			typ, err := tags.ParseType(d.str(v, key))
			if err != nil {
				d.errorf(v, "%v", err)
			}
			t.Def.Type = typ
		case "unit":
			t.Def.Unit = d.str(v, key)
		case "description":
			t.Description = d.str(v, key)
		case "writable":
			t.Def.Writable = d.boolean(v, key)
		case "min":
			f := d.num(v, key)
			t.Def.Min = &f
		case "max":
			f := d.num(v, key)
			t.Def.Max = &f
		case "scale":
			t.Def.Scale = d.scale(v)
		case "address":
			t.Def.Address = d.str(v, key)
		case "signal":
			t.Signal = d.signal(v)
		case "scan":
			t.Scan = d.duration(v, key)
		case "sampling":
			t.Sampling = d.duration(v, key)
		case "queue_size":
			t.QueueSize = int(d.num(v, key))
		case "deadband":
			t.Deadband = d.deadband(v)
		}
	})
	if t.Def.Name == "" {
		d.errorf(n, "tag: missing name")
	}
	if t.Def.Min != nil && t.Def.Max != nil && *t.Def.Min >= *t.Def.Max {
		d.errorf(n, "tag %s: min %g must be below max %g", t.Def.Name, *t.Def.Min, *t.Def.Max)
	}
	return t
}

func (d *decoder) deadband(n *yaml.Node) Deadband {
	var db Deadband
	d.fields(n, "deadband", []string{"absolute", "percent"}, func(key string, k, v *yaml.Node) {
		if db.Kind != "" {
			d.errorf(k, "deadband: give absolute or percent, not both")
		}
		db.Kind, db.Value = key, d.num(v, key)
	})
	return db
}

func (d *decoder) scale(n *yaml.Node) *tags.Scale {
	var s tags.Scale
	pair := func(v *yaml.Node, what string) (a, b float64) {
		if v.Kind != yaml.SequenceNode || len(v.Content) != 2 {
			d.errorf(v, "scale %s: expected [low, high]", what)
			return 0, 1
		}
		return d.num(v.Content[0], what), d.num(v.Content[1], what)
	}
	d.fields(n, "scale", []string{"raw", "eng"}, func(key string, k, v *yaml.Node) {
		if key == "raw" {
			s.RawMin, s.RawMax = pair(v, key)
		} else {
			s.EngMin, s.EngMax = pair(v, key)
		}
	})
	if s.RawMin == s.RawMax {
		d.errorf(n, "scale: raw range is empty")
	}
	return &s
}

func (d *decoder) signal(n *yaml.Node) sim.Signal {
	var s sim.Signal
	known := []string{"kind", "period", "min", "max", "phase", "step", "initial"}
	d.fields(n, "signal", known, func(key string, k, v *yaml.Node) {
		switch key {
		case "kind":
			kind, err := sim.ParseKind(d.str(v, key))
			if err != nil {
				d.errorf(v, "%v", err)
			}
			s.Kind = kind
		case "period":
			s.Period = d.duration(v, key)
		case "min":
			s.Min = d.num(v, key)
		case "max":
			s.Max = d.num(v, key)
		case "phase":
			s.Phase = d.num(v, key)
		case "step":
			s.Step = d.num(v, key)
		case "initial":
			s.Initial = d.scalar(v, key)
		}
	})
	return s
}

// checkConfig checks what spans several entries of hmi.yaml.
func (p *Project) checkConfig(d *decoder) {
	conns := map[string]bool{}
	var names []string
	for _, c := range p.Connections {
		if conns[c.Name] && c.Name != "" {
			d.add(c.Pos, fmt.Sprintf("connection %q defined twice", c.Name))
		}
		conns[c.Name] = true
		names = append(names, c.Name)
	}
	seen := map[string]gopage.Pos{}
	for i := range p.Tags {
		t := &p.Tags[i]
		if t.Def.Conn == "" && len(p.Connections) == 1 {
			t.Def.Conn = p.Connections[0].Name
		}
		switch {
		case t.Def.Conn == "":
			d.add(t.Pos, fmt.Sprintf("tag %s: missing connection", t.Def.Name))
		case !conns[t.Def.Conn]:
			d.add(t.Pos, fmt.Sprintf("tag %s: unknown connection %q%s", t.Def.Name, t.Def.Conn, suggest.DidYouMean(t.Def.Conn, names)))
		}
		if first, dup := seen[t.Def.Name]; dup {
			d.add(t.Pos, fmt.Sprintf("tag %s defined twice (first at line %d)", t.Def.Name, first.Line))
		}
		seen[t.Def.Name] = t.Pos
	}
	if p.Start == "" {
		d.add(gopage.Pos{Filename: d.File(), Line: 1, Col: 1}, "missing start screen (start: NAME)")
	}
}

func (p *Project) loadScreens(errs *gopage.ErrorList, prev *Project) {
	parsed := map[string]*Screen{}
	if prev != nil {
		for _, s := range prev.Screens {
			parsed[s.File] = s
		}
	}
	dir := filepath.Join(p.Dir, p.ScreensDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		if !p.broken { // else the project may name another directory
			errs.Add(gopage.Pos{Filename: filepath.Join(p.Dir, ProjectFile)}, fmt.Sprintf("screens directory: %v", unwrapPathError(err)))
		}
		return
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".gopage" {
			continue
		}
		file := filepath.Join(dir, e.Name())
		src, err := readLimited(file, gopage.MaxFileSize)
		if err != nil {
			addReadError(errs, err, gopage.Pos{Filename: file}, "")
			p.unread = true
			continue
		}
		sum := sha256.Sum256(src)
		if old := parsed[file]; old != nil && old.sum == sum {
			*errs = append(*errs, old.errs...)
			reused := *old // its Sheets are set anew: the last good project keeps its own
			p.Screens = append(p.Screens, &reused)
			continue
		}
		page, err := gopage.Parse(file, src)
		var list gopage.ErrorList
		if err != nil && !errors.As(err, &list) {
			list.Add(gopage.Pos{Filename: file}, err.Error())
		}
		*errs = append(*errs, list...)
		if page != nil {
			p.Screens = append(p.Screens, &Screen{File: file, Page: page, sum: sum, errs: list})
		}
	}
}

// loadSheets parses the project's style sheets: the .css files directly in
// the styles directory (a screen's own sheets, under it or elsewhere, are
// loaded by loadScreenSheets).
func (p *Project) loadSheets(errs *gopage.ErrorList, prev *Project) {
	entries, err := os.ReadDir(filepath.Join(p.Dir, p.StylesDir))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			errs.Add(gopage.Pos{Filename: filepath.Join(p.Dir, ProjectFile)}, fmt.Sprintf("styles directory: %v", unwrapPathError(err)))
		}
		return
	}
	for _, e := range entries {
		if !e.IsDir() && filepath.Ext(e.Name()) == ".css" {
			p.Sheets = append(p.Sheets, p.sheet(filepath.Join(p.Dir, p.StylesDir, e.Name()), gopage.Pos{}, errs, prev))
		}
	}
}

// sheet parses one style sheet, reusing prev's parse when the file is
// unchanged. ref, when valid, is where the sheet is named (a screen's
// styles: list): a sheet that cannot be read is reported there.
func (p *Project) sheet(file string, ref gopage.Pos, errs *gopage.ErrorList, prev *Project) *Sheet {
	src, err := readLimited(file, maxSheetFile)
	if err != nil {
		if ref.IsValid() {
			addReadError(errs, err, ref, "style sheet "+file)
		} else {
			addReadError(errs, err, gopage.Pos{Filename: file}, "")
		}
		return &Sheet{File: file, Sheet: &style.Sheet{}}
	}
	sum := sha256.Sum256(src)
	if prev != nil {
		for _, old := range prev.allSheets() {
			if old.File == file && old.sum == sum {
				*errs = append(*errs, old.errs...)
				return old
			}
		}
	}
	sh, err := style.Parse(file, src)
	var list gopage.ErrorList
	if err != nil && !errors.As(err, &list) {
		list.Add(gopage.Pos{Filename: file}, err.Error())
	}
	*errs = append(*errs, list...)
	if sh == nil {
		sh = &style.Sheet{}
	}
	return &Sheet{File: file, Sheet: sh, sum: sum, errs: list}
}

// loadScreenSheets parses each screen's own sheets (`styles:`, paths
// relative to the project directory).
func (p *Project) loadScreenSheets(errs *gopage.ErrorList, prev *Project) {
	for _, s := range p.Screens {
		s.Sheets = nil
		for _, rel := range s.Page.Styles {
			s.Sheets = append(s.Sheets, p.sheet(filepath.Join(p.Dir, rel), s.Page.Pos, errs, prev))
		}
	}
}

// allSheets is the project's sheets and every screen's own.
func (p *Project) allSheets() []*Sheet {
	all := slices.Clone(p.Sheets)
	for _, s := range p.Screens {
		all = append(all, s.Sheets...)
	}
	return all
}

// Themes returns the names of the @theme blocks of every style sheet, sorted.
func (p *Project) Themes() []string {
	seen := map[string]bool{}
	for _, sh := range p.allSheets() {
		for _, r := range sh.Sheet.Rules {
			for _, c := range r.Conds {
				if c.Theme != "" {
					seen[c.Theme] = true
				}
			}
		}
	}
	return sortedKeys(seen)
}

// CheckTheme reports a theme name no style sheet defines.
func (p *Project) CheckTheme(name string) error {
	themes := p.Themes()
	if name == "" || contains(themes, name) || name == p.Theme.Default {
		return nil
	}
	return fmt.Errorf("no style sheet has @theme %s (themes: %s)%s", name, strings.Join(themes, ", "), suggest.DidYouMean(name, themes))
}

// SheetsFor returns the style sheets of a screen in cascade order: the
// project's, then the screen's own.
func (p *Project) SheetsFor(s *Screen) []*style.Sheet {
	out := make([]*style.Sheet, 0, len(p.Sheets)+len(s.Sheets))
	for _, sh := range p.Sheets {
		out = append(out, sh.Sheet)
	}
	for _, sh := range s.Sheets {
		out = append(out, sh.Sheet)
	}
	return out
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
