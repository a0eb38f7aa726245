package hmi

import (
	"errors"
	"image"
	"net/http"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/software"

	"github.com/gohmi/gohmi/render"
)

// paintCanvas paints what c shows, its content and then its overlays
// (popups, dialogs), with Fyne's software painter, at the canvas's size in
// Fyne units (scale 1), as `hmi snapshot` paints a screen. It runs on the
// UI goroutine.
//
// Canvas.Capture is not used: on a GL window it reads the GL front buffer,
// which is blank under Xvfb with Mesa (and on some drivers). The objects are
// lent to an in-memory canvas inside a container without layout, so they
// stay exactly where the window placed them and nothing in the window moves.
func paintCanvas(c fyne.Canvas) image.Image {
	var objs []fyne.CanvasObject
	if content := c.Content(); content != nil {
		objs = append(objs, content)
	}
	objs = append(objs, c.Overlays().List()...)
	size := c.Size()
	sc := software.NewCanvas()
	sc.SetPadded(false)
	sc.SetContent(&fyne.Container{Objects: objs})
	sc.Resize(size) // after SetContent, which grows the canvas to the content's minimum size
	return sc.Capture()
}

// snapshotEvery is how often /snapshot.png paints at most. A paint holds
// the UI goroutine (about 70 ms at 1280x800 on a desktop core, several
// times that on a loaded or small one), so a client that polls it in a
// loop gets the same picture for this long instead of stalling the panel.
const snapshotEvery = time.Second

// snapshotServer serves /snapshot.png: the window as it is now, dialogs
// included (see [paintCanvas]), painted at most once per [snapshotEvery];
// the PNG is encoded off the UI goroutine. While the panel stops and its
// window is gone, it answers 503.
var errWindowClosed = errors.New("the window is closed")

type snapshotServer struct {
	r *Runtime

	mu      sync.Mutex // serialises paints; guards png and painted
	png     []byte
	painted time.Time
}

func (s *snapshotServer) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	buf, err := s.picture()
	if errors.Is(err, errWindowClosed) {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(buf)
}

func (s *snapshotServer) picture() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.r.now()
	if s.png != nil && now.Sub(s.painted) < snapshotEvery {
		return s.png, nil
	}
	var img image.Image
	s.r.ui(func() {
		render.Relayout(s.r.win.Content())
		img = paintCanvas(s.r.win.Canvas())
	})
	if img == nil {
		return nil, errWindowClosed
	}
	buf, err := encodePNG(img)
	if err != nil {
		return nil, err
	}
	s.png, s.painted = buf, now
	return buf, nil
}
