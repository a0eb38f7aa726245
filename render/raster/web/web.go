package web

import (
	"context"
	"crypto/sha256"
	_ "embed" // the page
	"encoding/base64"
	"image"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/render/raster"
)

// StallTimeout is how long a viewer may leave a batch unacknowledged
// before it is disconnected (its page reconnects and gets a full frame).
const StallTimeout = 30 * time.Second

// MaxMessage is the largest message a browser may send, in bytes.
const MaxMessage = 512

// DefaultMaxViewers is the number of viewers [Options.MaxViewers] allows
// when it is zero.
const DefaultMaxViewers = 16

// Options configure a [Server].
type Options struct {
	// Input takes the viewers' pointer and key events when Control is
	// set. Nil drops them.
	Input raster.Input
	// Control lets viewers operate the panel; without it they only watch
	// (the page says view-only and the server drops their events).
	Control bool
	// Logger logs viewers coming and going and bad messages; default
	// slog.Default().
	Logger *slog.Logger
	// Clock times stalled viewers and rate-limits log lines; default the
	// wall clock.
	Clock clock.Clock
	// MaxViewers caps the viewers connected at once; more are refused
	// with 503. Zero means [DefaultMaxViewers].
	MaxViewers int
	// Allow, when set, decides per viewer at its WebSocket upgrade: ok
	// false refuses it (403), control false makes it view-only even when
	// Control is set (Control still has to be set for any viewer to
	// control). A login in front of the server (package hmi/netsec)
	// answers from the request's session.
	Allow func(r *http.Request) (control, ok bool)
	// Active, when set, is called with the viewer's upgrade request for
	// every input event taken from a controlling viewer: activity for an
	// idle logout.
	Active func(r *http.Request)
	// Origin, when set, is called with the viewer's upgrade request for
	// every input event taken from a controlling viewer; what it returns
	// goes with the event as its Origin (see raster.Window.SetOnInput), so
	// that what the event does is known to be that viewer's (its login)
	// even when other viewers' events are queued in between.
	Origin func(r *http.Request) any
}

// Server is the browser view: a [raster.Output] and an [http.Handler].
// Its zero value is not usable; call [New].
type Server struct {
	input   raster.Input
	control bool
	allow   func(*http.Request) (control, ok bool) // Options.Allow; nil: everyone, control as Control says
	active  func(*http.Request)                    // Options.Active; may be nil
	origin  func(*http.Request) any                // Options.Origin; may be nil
	log     *slog.Logger
	clk     clock.Clock
	max     int
	page    []byte
	csp     string

	ctx    context.Context // canceled by Close: ends every viewer
	cancel context.CancelFunc
	wg     sync.WaitGroup // the viewers' handlers and senders

	mu    sync.RWMutex // guards frame, viewers, closed, nextID, version (write: Present, joins, leaves, Close; read: senders copying pixels)
	frame *image.RGBA  // the last frame, Rect at the origin; nil before the first Present
	// shared is set by PaintLock: frame is then the driver's own, painted
	// under pix (write), and read under pix (shared) as well as mu.
	shared  bool
	pix     sync.RWMutex
	viewers map[*viewer]struct{} // connected viewers
	closed  bool                 // Close was called
	nextID  int                  // the next viewer's id, for logs
	version uint64               // counts the Presents that changed pixels

	cache batchCache // the last batches encoded, shared by the viewers
	bands bandStore  // the whole frame's bands encoded, for full frames
	// epoch tells this server's frame versions from another's (a
	// restart's) in a page's resume token.
	epoch  uint64
	pageMu sync.Mutex // one page's frame encoded at a time (viewers that come together share it)

	size sizeBox // the frame size (atomic), for checking input without the lock
}

var (
	_ raster.Output = (*Server)(nil)
	_ http.Handler  = (*Server)(nil)
)

//go:embed page.html
var pageHTML []byte

// New returns a server with no frame yet: viewers that connect before the
// first Present see "waiting for the panel".
func New(o Options) *Server {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxViewers <= 0 {
		o.MaxViewers = DefaultMaxViewers
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{
		input:   o.Input,
		control: o.Control,
		allow:   o.Allow,
		active:  o.Active,
		origin:  o.Origin,
		log:     o.Logger.With("output", "web"),
		clk:     clock.Or(o.Clock),
		max:     o.MaxViewers,
		page:    pageHTML,
		csp:     contentPolicy(pageHTML),
		ctx:     ctx,
		cancel:  cancel,
		viewers: make(map[*viewer]struct{}),
		epoch:   rand.Uint64(),
	}
}

// ServeHTTP serves the page at / and the viewers' WebSocket at /ws (below
// whatever prefix the caller strips).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/":
		s.servePage(w, r)
	case "": // mounted with http.StripPrefix and asked without the slash: the page's relative URLs need it
		http.Redirect(w, r, path.Base(strings.TrimSuffix(strings.SplitN(r.RequestURI, "?", 2)[0], "/"))+"/", http.StatusMovedPermanently)
	case "/ws":
		s.serveViewer(w, r)
	default:
		http.NotFound(w, r)
	}
}

// Close disconnects every viewer and waits for their goroutines. Present
// still works after it (it keeps the frame); new viewers are refused.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	return nil
}

// Viewers returns how many viewers are connected.
func (s *Server) Viewers() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.viewers)
}

func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", s.csp)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if r.Method == http.MethodHead {
		return
	}
	if s.allow != nil {
		if _, ok := s.allow(r); !ok {
			w.Write(s.page) // no frame for a viewer whose socket would be refused
			return
		}
	}
	w.Write(s.pageWithFrame())
}

// contentPolicy allows the page's own inline script and style (by their
// hashes), the WebSocket and blob images of its own origin, and nothing
// else: no external asset, no frame around it.
func contentPolicy(page []byte) string {
	hashes := func(tag string) string {
		re := regexp.MustCompile(`(?s)<` + tag + `>(.*?)</` + tag + `>`)
		var out string
		for _, m := range re.FindAllSubmatch(page, -1) {
			sum := sha256.Sum256(m[1])
			out += " 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		}
		return out
	}
	return "default-src 'none'; script-src" + hashes("script") +
		"; style-src" + hashes("style") +
		"; connect-src 'self'; img-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
}
