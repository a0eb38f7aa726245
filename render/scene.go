package render

import (
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render/symbol"
	"github.com/gohmi/gohmi/style"
)

// Options are what a scene needs from its surroundings.
type Options struct {
	Dir    string         // project directory, for image paths
	Sheets []*style.Sheet // style sheets in cascade order (project's, then the screen's)
	// Zoom scales text, spacing and Fyne's controls with the design canvas
	// (0 means 1): pass the ratio of the panel to the screen's design size.
	Zoom    float32
	Env     style.Env      // theme and panel size for @theme and @media
	Screens []NavTarget    // every screen, for a navbar without items
	Palette symbol.Palette // zero means symbol.DefaultPalette()

	// OnAction runs a button's action or a navbar's navigation, on the UI goroutine.
	OnAction func(n *gopage.Node, a *gopage.Action)
	// OnWrite asks for v to be written to tag after an operator's input
	// (toggle, entry), with confirm as the question to ask first when not
	// empty. It is called on the UI goroutine and must call done, on the UI
	// goroutine, with the outcome.
	OnWrite func(n *gopage.Node, tag string, v any, confirm string, done func(error))

	// Alarms is what the alarm widgets read and act through.
	Alarms AlarmOptions
	// Trends is what the trend widget reads and acts through.
	Trends TrendOptions
}

// NavTarget is a screen a navbar can go to.
type NavTarget struct{ Screen, Title string }

// Scene is one screen built into Fyne objects.
type Scene struct {
	Screen     *gopage.Screen
	Root       fyne.CanvasObject // scales the design canvas to the window
	frame      *fyne.Container   // Root: holds the root widget's object
	backdrop   *canvas.Rectangle // Root: behind the frame, the root's background around the design canvas
	root       *Widget
	palette    symbol.Palette
	styles     *style.Manager
	env        style.Env
	zoom       float32       // what the scene was built for
	wantZoom   atomic.Uint32 // float32 bits: what the panel's size asks for now
	blinking   map[*Widget]bool
	blinkCount atomic.Int32 // len(blinking), read by the runtime's blink loop
	styled     int
	order      []*Widget
	byKey      map[string]*Widget

	// alarmBlinks counts alarm widgets with flashing rows (unacknowledged
	// alarms), read by the runtime's blink loop.
	alarmBlinks atomic.Int32
	alarmRead   alarmRead  // the board's statuses, shared by the alarm widgets
	plots       sharedPlot // the image the trends' plots are drawn into
}

// Widget returns the widget whose node has the given id (with or without
// the "#" of gopage.Node.Key) or path, or nil.
func (s *Scene) Widget(key string) *Widget { return s.byKey[key] }

// Widgets returns every widget of the scene in tree order.
func (s *Scene) Widgets() []*Widget { return s.order }

// Widget is the live object of one gopage node. Its methods run on the UI
// goroutine.
type Widget struct {
	Node   *gopage.Node
	Object fyne.CanvasObject

	set    func(prop string, v any)          // the widget's bound properties; nil if none
	status func(s symbol.Status, why string) // nil for widgets without a quality look
	// update patches the widget's static look to a new version of its node
	// (what names the differences); false means it must be built anew.
	update func(n *gopage.Node, what []string) bool

	scene      *Scene
	parent     *Widget
	control    fyne.CanvasObject // Fyne's control inside its style wrapper (button, toggle, entry, navbar)
	children   []*Widget         // containers
	box        *fyne.Container   // containers: holds the children's objects
	design     fyne.Size         // containers: the design size the node is drawn at
	panelTitle *canvas.Text
	keypad     *Keypad        // entries: the last keypad opened
	muted      []*canvas.Text // captions and units drawn quieter than the value ([Widget.styleMuted])

	style    func(c *style.Computed) // applies a computed style; nil: not styleable
	computed *style.Computed
	styleHid bool // hidden by visibility or display
	blinkOff bool // in the off phase of a blink

	alarm alarmView  // the alarm widgets: what AlarmsChanged and Blink reach
	trend *trendView // the trend widget: what TrendTick reaches

	st       symbol.Status
	why      string
	classes  map[string]bool // classes bound to expressions that are on
	tagAlarm AlarmState      // what the alarms say about the tags the widget shows
	perm     Permission      // may the panel's user use it (login.go)
	nav      []navButton     // a navbar's buttons and their screens (login.go)
	alarmMay *AlarmActions   // the alarm actions the user may take; nil: all (alarm_perm.go)
	off      bool            // its bound enabled is false
}

// Set gives a bound property its new value: a bool, int64, float64 or
// string, or nil when the value is not known.
func (w *Widget) Set(prop string, v any) {
	switch prop {
	case "visible":
		if truthy(v) {
			w.Object.Show()
		} else {
			w.Object.Hide()
		}
	case "enabled":
		w.off = !truthy(v)
		w.applyEnabled() // login.go: the bound value and the user's permission
	default:
		if w.set != nil {
			w.set(prop, v)
		}
	}
}

// SetStatus shows the quality of the values the widget displays.
func (w *Widget) SetStatus(s symbol.Status, reason string) {
	if s == w.st && reason == w.why {
		return
	}
	restyle := s != w.st
	w.st, w.why = s, reason
	if w.status != nil {
		w.status(s, reason)
	}
	if restyle && w.scene != nil {
		w.scene.Restyle(w) // :bad-quality, :uncertain
	}
}

// Status returns the quality the widget shows.
func (w *Widget) Status() (symbol.Status, string) { return w.st, w.why }

// Keypad returns the keypad an entry opened last, or nil.
func (w *Widget) Keypad() *Keypad { return w.keypad }

// SetClass turns a class bound to an expression on or off, and restyles
// the widget and what depends on it when that changes anything.
func (w *Widget) SetClass(name string, on bool) {
	if w.classes == nil {
		w.classes = map[string]bool{}
	}
	if w.classes[name] == on {
		return
	}
	w.classes[name] = on
	if w.scene != nil {
		w.scene.Restyle(w)
	}
}

// HasClass reports whether a static or bound class is on.
func (w *Widget) HasClass(name string) bool {
	for _, c := range w.Node.Classes {
		if c == name {
			return true
		}
	}
	return w.classes[name]
}
