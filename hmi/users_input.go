package hmi

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/render/raster"
)

// InputSource tells the runtime where the input it handles comes from, so
// that a write is audited as the panel's or the web view's, a write
// through the web view needs the web-control permission, and a web
// viewer who logged in to the web view acts as that user. The raster
// backend wraps the web view's Input with Wrap(in, true) and the touch
// screen's with Wrap(in, false). Every press, key and scroll also counts
// as the panel user's activity (the idle logout starts again).
//
// Each wrapped event carries its origin (panel or web view, and the web
// viewer's session) through the window's input queue. Once the window is
// attached ([InputSource.Attach]), the origin is taken when the window
// hands the event to the widgets: whatever the event does (a tap's write,
// an entry's submit) is its sender's, however the events of two viewers
// and the panel interleave in the queue. Without Attach (a window that is
// not a raster window) the origin is taken when the event is queued: the
// source is then that of the last press.
//
// A press through the web view keeps the input the web view's for webHold
// (on the runtime's clock) unless input from the panel comes first: what
// happens shortly after the event (a dialog's answer) is still its own.
type InputSource struct {
	mu   sync.Mutex    // guards web, at and sess
	web  bool          // the input being handled came through the web view
	at   time.Time     // when it was handled
	sess *auth.Session // the web viewer's own login, if it has one (off loopback)

	def   atomic.Pointer[auth.Session]     // SetWebSession's: for web events that carry no session
	exact atomic.Bool                      // Attach was called: origins are taken as events are handled
	now   atomic.Pointer[func() time.Time] // the runtime's clock, once it runs
	touch atomic.Pointer[func()]           // the runtime's Touch, once it runs
}

// webHold is how long a press through the web view makes the input the
// web view's: a tap's press, release and action.
const webHold = 2 * time.Second

// origin is where one input event came from: the Origin a wrapped event
// carries through the window's queue.
type origin struct {
	web  bool
	sess *auth.Session // the web viewer's login; nil: none (loopback) or the panel
}

// Wrap returns in, marking its events as coming from the web view (web)
// or the panel. A web event's Origin may be the viewer's *auth.Session
// (the web view's Options.Origin): the event is then that user's.
func (s *InputSource) Wrap(in raster.Input, web bool) raster.Input {
	return sourceInput{in: in, s: s, web: web}
}

// Attach makes w tell s the origin of each event as it is handled (see
// [raster.Window.SetOnInput]): attribution is then exact per event. Call
// it once, before input arrives.
func (s *InputSource) Attach(w *raster.Window) {
	s.exact.Store(true)
	w.SetOnInput(s.handling)
}

// Web reports whether the input being handled came through the web view.
func (s *InputSource) Web() bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.web && s.clock().Sub(s.at) < webHold
}

// SetWebSession names the session of the web viewer whose input comes
// next, for web events that carry no session of their own (see Wrap): a
// write through the web view is then that user's, checked and audited as
// theirs, not as the panel's. nil (a loopback viewer, no login) leaves it
// the panel user's.
func (s *InputSource) SetWebSession(sess *auth.Session) { s.def.Store(sess) }

// webSession returns the session of the web viewer whose input is being
// handled, or nil when the input is the panel's or the viewer has no login.
func (s *InputSource) webSession() *auth.Session {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.web && s.clock().Sub(s.at) < webHold {
		return s.sess
	}
	return nil
}

func (s *InputSource) clock() time.Time {
	if f := s.now.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// originOf is the origin of an event from the web view (web) or the
// panel, whose Origin was o.
func (s *InputSource) originOf(web bool, o any) origin {
	if !web {
		return origin{}
	}
	sess, _ := o.(*auth.Session)
	if sess == nil {
		sess = s.def.Load()
	}
	return origin{web: true, sess: sess}
}

// handling is the window's input hook: the event handled next comes from
// o. An event that was not wrapped is the panel's. Loop goroutine.
func (s *InputSource) handling(o any) {
	from, _ := o.(origin)
	s.mark(from)
}

func (s *InputSource) mark(o origin) {
	s.mu.Lock()
	s.web, s.sess, s.at = o.web, o.sess, s.clock()
	s.mu.Unlock()
}

// queued is a press, key or scroll queued from o: activity, and without
// Attach the origin of what follows.
func (s *InputSource) queued(o origin) {
	if !s.exact.Load() {
		s.mark(o)
	}
	if f := s.touch.Load(); f != nil {
		(*f)()
	}
}

type sourceInput struct {
	in  raster.Input
	s   *InputSource
	web bool
}

func (i sourceInput) Pointer(e raster.PointerEvent) {
	o := i.s.originOf(i.web, e.Origin)
	e.Origin = o
	if e.Kind == raster.PointerDown || e.Kind == raster.PointerScroll {
		i.s.queued(o)
	}
	i.in.Pointer(e)
}

func (i sourceInput) Key(e raster.KeyEvent) {
	o := i.s.originOf(i.web, e.Origin)
	e.Origin = o
	if !e.Up {
		i.s.queued(o)
	}
	i.in.Key(e)
}

// useInput makes the runtime read where its input comes from in src.
func (r *Runtime) useInput(src *InputSource) {
	if src == nil {
		return
	}
	r.users.src = src
	touch, now := r.Touch, r.now
	src.touch.Store(&touch)
	src.now.Store(&now)
}
