package hmi

import (
	"errors"
	"image"
	"math"
	"net/http"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/raster/paint"
)

// paintCanvas paints what c shows, its content and then its overlays
// (popups, dialogs), with the raster backend's painter, at the canvas's
// size in Fyne units (scale 1), as `hmi snapshot` paints a screen. It runs
// on the UI goroutine.
//
// Canvas.Capture is not used: on a GL window it reads the GL front buffer,
// which is blank under Xvfb with Mesa (and on some drivers). The painter
// reads the objects where the window placed them and moves nothing.
func paintCanvas(p *paint.Painter, c fyne.Canvas) image.Image {
	var objs []fyne.CanvasObject
	if content := c.Content(); content != nil {
		objs = append(objs, content)
	}
	objs = append(objs, c.Overlays().List()...)
	size := c.Size()
	img := image.NewRGBA(image.Rect(0, 0, int(math.Ceil(float64(size.Width))), int(math.Ceil(float64(size.Height)))))
	p.Paint(img, img.Rect, 1, theme.Color(theme.ColorNameBackground), objs)
	return img
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

	mu      sync.Mutex     // serialises paints; guards painter, png and painted
	painter *paint.Painter // used on the UI goroutine only, under mu
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
		if s.painter == nil {
			s.painter = paint.New()
		}
		img = paintCanvas(s.painter, s.r.win.Canvas())
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
