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

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/style"
	"github.com/gohmi/gohmi/tags"
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

	kinds  Kinds            // the protocols of this build
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

// Connection is one data source: the simulator, a Modbus device, an OPC UA
// server… Its Type names a row of the [Kinds] table, which decoded Config.
type Connection struct {
	Name   string
	Type   string // a key of the Kinds table: "sim", "modbus", "opcua"…
	Config any    // the kind's configuration ([tags.Kind].Conn), compared with reflect.DeepEqual
	Pos    gopage.Pos
}

// Tag is one tag of hmi.yaml: its definition and the settings only its
// connection's kind reads ([tags.Kind].Tag).
type Tag struct {
	Def         tags.Def
	Settings    any // nil when it gave none
	Description string
	Pos         gopage.Pos

	raw map[string]*yaml.Node // the kinds' keys as given, until checkConfig decodes them
}

// Kinds is the table of the protocols a build supports, by connection
// type. hmi imports no driver: cmd/hmi hands it the table
// (tags/drivers.Kinds lists them all).
type Kinds map[string]tags.Kind

// Load reads the project in dir. It returns the project, as complete as the
// files allow, and an error that is a gopage.ErrorList of every problem found
// (nil when the project is clean), each as path:line:col: message.
// kinds are the protocols connections may use.
func Load(dir string, kinds Kinds) (*Project, error) { return load(dir, kinds, nil) }

// load is Load reusing what prev, the project as loaded before, parsed of
// files that did not change since: a reload pays only for what was edited.
func load(dir string, kinds Kinds, prev *Project) (*Project, error) {
	p := &Project{Dir: dir, kinds: kinds, ScreensDir: "screens", StylesDir: "styles", FixturesDir: "fixtures"}
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
			d.list(v, key, func(item *yaml.Node) { p.Connections = append(p.Connections, d.connection(item, p.kinds)) })
		case "tags":
			keys := tagKeys(p.kinds)
			d.list(v, key, func(item *yaml.Node) { p.Tags = append(p.Tags, d.tag(item, keys)) })
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

func (d *decoder) connection(n *yaml.Node, kinds Kinds) Connection {
	c := Connection{Pos: d.pos(n)}
	types := sortedKeys(kinds)
	raw := map[string]*yaml.Node{} // settings by kind
	d.fields(n, "connection", append([]string{"name", "type"}, types...), func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			c.Name = d.str(v, key)
		case "type":
			c.Type = d.str(v, key)
			if _, ok := kinds[c.Type]; !ok {
				d.errorf(v, "unknown connection type %q (want one of %s)%s", c.Type, strings.Join(types, ", "), suggest.DidYouMean(c.Type, types))
			}
		default:
			raw[key] = v
		}
	})
	for _, typ := range types {
		if v := raw[typ]; v != nil || typ == c.Type {
			cfg := kinds[typ].Conn(d.Decoder, v) // another kind's settings are checked too
			if typ == c.Type {
				c.Config = cfg
			}
		}
	}
	if c.Name == "" {
		d.errorf(n, "connection: missing name")
	}
	if c.Type == "" {
		d.errorf(n, "connection %q: missing type (%s)", c.Name, orList(types))
	}
	return c
}

// orList is "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// tagKeys are the tag keys some kind reads, sorted.
func tagKeys(kinds Kinds) []string {
	seen := map[string]bool{}
	for _, k := range kinds {
		for _, key := range k.TagKeys {
			seen[key] = true
		}
	}
	return sortedKeys(seen)
}

func (d *decoder) tag(n *yaml.Node, kindKeys []string) Tag {
	t := Tag{Pos: d.pos(n), Def: tags.Def{Type: tags.Float}}
	known := append([]string{"name", "connection", "type", "unit", "description", "writable", "min", "max", "scale", "address"}, kindKeys...)
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
		default:
			if t.raw == nil {
				t.raw = map[string]*yaml.Node{}
			}
			t.raw[key] = v
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
		p.tagSettings(d, t)
	}
	if p.Start == "" {
		d.add(gopage.Pos{Filename: d.File(), Line: 1, Col: 1}, "missing start screen (start: NAME)")
	}
}

// tagSettings decodes what t gave for its connection's kind, and checks
// what it gave for other kinds (hmi.yaml may change a connection's type).
func (p *Project) tagSettings(d *decoder, t *Tag) {
	typ := ""
	for _, c := range p.Connections {
		if c.Name == t.Def.Conn {
			typ = c.Type
		}
	}
	for _, name := range sortedKeys(p.kinds) {
		k := p.kinds[name]
		given := map[string]*yaml.Node{}
		for _, key := range k.TagKeys {
			if v := t.raw[key]; v != nil {
				given[key] = v
			}
		}
		if len(given) > 0 || name == typ {
			if s := k.Tag(d.Decoder, given); name == typ {
				t.Settings = s
			}
		}
	}
	t.raw = nil // the nodes: a reload compares tags with DeepEqual
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
