package raster

import (
	"errors"
	"sync"

	"fyne.io/fyne/v2"
)

// lifecycle holds the app's lifecycle hooks.
type lifecycle struct {
	mu               sync.Mutex // guards the hooks
	entered, exited  func()
	started, stopped func()
}

func (l *lifecycle) SetOnEnteredForeground(f func()) { l.set(&l.entered, f) }
func (l *lifecycle) SetOnExitedForeground(f func())  { l.set(&l.exited, f) }
func (l *lifecycle) SetOnStarted(f func())           { l.set(&l.started, f) }
func (l *lifecycle) SetOnStopped(f func())           { l.set(&l.stopped, f) }

func (l *lifecycle) set(hook *func(), f func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	*hook = f
}

// call runs a hook if set.
func (l *lifecycle) call(hook *func()) {
	l.mu.Lock()
	f := *hook
	l.mu.Unlock()
	if f != nil {
		f()
	}
}

// clipboard is an in-memory clipboard shared by the app's windows.
type clipboard struct {
	mu   sync.Mutex // guards text
	text string
}

func (c *clipboard) Content() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.text
}

func (c *clipboard) SetContent(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.text = s
}

// errNoStorage is what the storage answers: a panel keeps its files in
// the project and data directories, not in Fyne's app storage.
var errNoStorage = errors.New("raster: the app has no storage (use the project's data directory)")

// storage is an empty fyne.Storage: List is empty, opening fails.
type storage struct{}

func (storage) RootURI() fyne.URI                          { return nil }
func (storage) Create(string) (fyne.URIWriteCloser, error) { return nil, errNoStorage }
func (storage) Open(string) (fyne.URIReadCloser, error)    { return nil, errNoStorage }
func (storage) Save(string) (fyne.URIWriteCloser, error)   { return nil, errNoStorage }
func (storage) Remove(string) error                        { return errNoStorage }
func (storage) List() []string                             { return nil }
