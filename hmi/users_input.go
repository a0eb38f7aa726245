package hmi

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/render/raster"
)

// InputSource tells the runtime where the input it handles comes from, so
// that a write is audited as the panel's or the web view's, and a write
// through the web view needs the web-control permission. The raster
// backend wraps the web view's Input with Wrap(in, true) (and may wrap the
// touch screen's with Wrap(in, false)). Every press, key and scroll also
// counts as the panel user's activity (the idle logout starts again).
//
// The input of both goes through one queue to the widgets, so the source
// is that of the last press, and a press through the web view counts as
// the web view's for webHold (on the runtime's clock) unless a press from
// the panel's wrapped input comes first: a tap on the panel within that
// time after one in a browser could be attributed to the web view.
type InputSource struct {
	mu   sync.Mutex    // guards web, at and sess
	web  bool          // the last press came through the web view
	at   time.Time     // when
	sess *auth.Session // the web viewer's own login, if it has one (off loopback)

	now   atomic.Pointer[func() time.Time] // the runtime's clock, once it runs
	touch atomic.Pointer[func()]           // the runtime's Touch, once it runs
}

// webHold is how long a press through the web view makes the input the
// web view's: a tap's press, release and action.
const webHold = 2 * time.Second

// Wrap returns in, marking its presses as coming from the web view (web)
// or the panel.
func (s *InputSource) Wrap(in raster.Input, web bool) raster.Input {
	return sourceInput{in: in, s: s, web: web}
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
// next (the web view's Active hook, called before each of its events): a
// write through the web view is then that user's, checked and audited as
// theirs, not as the panel's. nil (a loopback viewer, no login) leaves it
// the panel user's.
func (s *InputSource) SetWebSession(sess *auth.Session) {
	s.mu.Lock()
	s.sess = sess
	s.mu.Unlock()
}

// webSession returns the session of the web viewer whose press is being
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

func (s *InputSource) mark(web bool) {
	s.mu.Lock()
	s.web, s.at = web, s.clock()
	s.mu.Unlock()
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
	if e.Kind == raster.PointerDown || e.Kind == raster.PointerScroll {
		i.s.mark(i.web)
	}
	i.in.Pointer(e)
}

func (i sourceInput) Key(e raster.KeyEvent) {
	if !e.Up {
		i.s.mark(i.web)
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
