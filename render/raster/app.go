package raster

import (
	"errors"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/internal/clock"
)

// Options configure an [App]. Painter is required; the rest default.
type Options struct {
	Size          fyne.Size         // the window size in Fyne units (default 800x480)
	Scale         float32           // pixels per Fyne unit (default 1)
	Painter       Painter           // paints frames and measures text (package paint)
	Outputs       []Output          // get every frame painted by Run
	Clock         clock.Clock       // paces frames and times long presses (default the wall clock)
	FrameInterval time.Duration     // the shortest time between two frames (default 1/60 s)
	Logger        *slog.Logger      // default slog.Default()
	Theme         fyne.Theme        // the starting theme (default Fyne's default theme)
	Variant       fyne.ThemeVariant // the theme variant (the zero value is theme.VariantDark)
	Metadata      fyne.AppMetadata  // what App.Metadata returns
}

// App is a fyne.App on the raster [Driver]. Make one with [NewApp].
type App struct {
	drv       *Driver
	settings  *settings
	prefs     *preferences
	lifecycle *lifecycle
	clip      *clipboard
	storage   storage
	meta      fyne.AppMetadata

	mu    sync.Mutex // guards cloud
	cloud fyne.CloudProvider
}

var _ fyne.App = (*App)(nil)

// NewApp returns an App drawing with opts.Painter and makes it Fyne's
// current app (fyne.SetCurrentApp): Fyne's widgets find their driver
// through it. It panics when opts.Painter is nil, a programming error.
func NewApp(opts Options) *App {
	if opts.Painter == nil {
		panic("raster: Options.Painter is nil")
	}
	opts = opts.withDefaults()
	a := &App{
		prefs:     newPreferences(),
		lifecycle: &lifecycle{},
		clip:      &clipboard{},
		meta:      opts.Metadata,
	}
	a.settings = newSettings(a, opts.Theme, opts.Variant, opts.Scale)
	a.drv = newDriver(a, opts)
	fyne.SetCurrentApp(a)
	return a
}

func (o Options) withDefaults() Options {
	if o.Size.Width <= 0 || o.Size.Height <= 0 {
		o.Size = fyne.NewSize(800, 480)
	}
	if o.Scale <= 0 {
		o.Scale = 1
	}
	o.Clock = clock.Or(o.Clock)
	if o.FrameInterval <= 0 {
		o.FrameInterval = time.Second / 60
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Driver returns the app's [Driver].
func (a *App) Driver() fyne.Driver { return a.drv }

// RasterDriver returns the app's driver with its own type.
func (a *App) RasterDriver() *Driver { return a.drv }

// NewWindow makes a window of the options' size.
func (a *App) NewWindow(title string) fyne.Window { return a.drv.CreateWindow(title) }

// OpenURL fails: a panel has no browser to open.
func (a *App) OpenURL(u *url.URL) error {
	return errors.New("raster: no browser to open " + u.String())
}

// Icon returns the metadata's icon.
func (a *App) Icon() fyne.Resource { return a.meta.Icon }

// SetIcon records the icon.
func (a *App) SetIcon(r fyne.Resource) { a.meta.Icon = r }

// Run runs the driver's loop until Quit.
func (a *App) Run() { a.drv.Run() }

// Quit stops the loop.
func (a *App) Quit() { a.drv.Quit() }

// UniqueID returns the metadata's ID, or "gohmi".
func (a *App) UniqueID() string {
	if a.meta.ID != "" {
		return a.meta.ID
	}
	return "gohmi"
}

// SendNotification logs the notification: a panel has no notification area.
func (a *App) SendNotification(n *fyne.Notification) {
	a.drv.log.Info("raster: notification", "title", n.Title, "content", n.Content)
}

// Settings returns the theme settings.
func (a *App) Settings() fyne.Settings { return a.settings }

// Preferences returns in-memory preferences.
func (a *App) Preferences() fyne.Preferences { return a.prefs }

// Storage returns a storage that holds nothing.
func (a *App) Storage() fyne.Storage { return a.storage }

// Lifecycle returns the lifecycle hooks; Run calls started and stopped.
func (a *App) Lifecycle() fyne.Lifecycle { return a.lifecycle }

// Metadata returns the options' metadata.
func (a *App) Metadata() fyne.AppMetadata { return a.meta }

// CloudProvider returns the provider set, or nil.
func (a *App) CloudProvider() fyne.CloudProvider {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cloud
}

// SetCloudProvider records p; it gets no preferences or storage from it.
func (a *App) SetCloudProvider(p fyne.CloudProvider) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cloud = p
}

// Clipboard returns the app's in-memory clipboard.
func (a *App) Clipboard() fyne.Clipboard { return a.clip }
