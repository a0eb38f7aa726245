package hmi

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/style"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
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
	// Alarms are the alarm definitions: hmi.yaml's `alarms:`, then those
	// of each file in AlarmsDir in file-name order.
	Alarms []alarms.Def
	// Horn is the tag written true while a new unacknowledged alarm at or
	// above a priority waits (`horn: {tag: Plant.Horn, priority: high}`).
	Horn Horn
	// Journal is how much of the alarm journal is kept (hmi.yaml's
	// `journal:`); zero fields take the defaults.
	Journal JournalConfig
	// History says which tags the historian records and how (hmi.yaml's
	// `history:`).
	History []trends.Setting
	// Warnings are problems that do not stop the project from running
	// (each message starts with "warning: "); `hmi check` prints them
	// and still succeeds.
	Warnings gopage.ErrorList

	kinds  Kinds            // the protocols of this build
	exprs  map[string]error // expressions compiled by check, valid while the tags are the same
	broken bool             // hmi.yaml did not decode: its tags and screens are unknown
	unread bool             // a screen file could not be read: screen names are unknown
	sum    [32]byte         // hmi.yaml's content hash, so that a reload reads it once

	alarmFiles []*alarmFile     // the files of AlarmsDir, in name order
	alarmPlan  *alarms.Plan     // Alarms compiled by check
	alarmErrs  gopage.ErrorList // and the errors Compile found

	users users // the users file (project_users.go)
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
// It keeps prev's LoadOptions ([loadWith]).
func load(dir string, kinds Kinds, prev *Project) (*Project, error) {
	return loadWith(dir, kinds, prev, prev.usersOpt())
}

// loadWith is load with LoadOptions.Users.
func loadWith(dir string, kinds Kinds, prev *Project, users string) (*Project, error) {
	p := &Project{Dir: dir, kinds: kinds, ScreensDir: "screens", StylesDir: "styles", FixturesDir: "fixtures"}
	var errs gopage.ErrorList
	file := filepath.Join(dir, ProjectFile)
	src, err := readLimited(file, maxProjectFile)
	if err != nil {
		addReadError(&errs, err, gopage.Pos{Filename: file}, "cannot read project")
		return p, errs.Err()
	}
	p.sum = sha256.Sum256(src)
	p.parse(file, src, &errs)
	p.loadUsers(&errs, users)
	p.loadAlarms(&errs, prev)
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
