package hmi_test

import (
	"image"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/tags"
)

// presentLog is an output that notes when each frame was presented and
// whether its damage reached a watched rectangle.
type presentLog struct {
	mu    sync.Mutex
	watch image.Rectangle
	seen  chan time.Time // a frame that damaged watch, when presented
	n     int            // frames presented
}

func newPresentLog() *presentLog { return &presentLog{seen: make(chan time.Time, 16)} }

func (p *presentLog) Present(_ *image.RGBA, damage []image.Rectangle) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	for _, d := range damage {
		if d.Overlaps(p.watch) {
			select {
			case p.seen <- time.Now():
			default:
			}
			return nil
		}
	}
	return nil
}

// start watches r, counts frames from now on and forgets earlier ones.
func (p *presentLog) start(r image.Rectangle) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.watch, p.n = r, 0
	for len(p.seen) > 0 {
		<-p.seen
	}
}

func (p *presentLog) frames() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// waitSeen returns when a frame damaging the watched rectangle was
// presented.
func (p *presentLog) waitSeen(b *testing.B) time.Time {
	select {
	case t := <-p.seen:
		return t
	case <-time.After(10 * time.Second):
		b.Fatal("no frame presented the watched widget")
		return time.Time{}
	}
}

// pixelBounds returns the window pixels of o (scale 1).
func pixelBounds(r *rasterRun, o fyne.CanvasObject) (rect image.Rectangle) {
	r.rt.UI(func() {
		pos := r.app.Driver().AbsolutePositionForObject(o)
		s := o.Size()
		rect = image.Rect(int(pos.X), int(pos.Y), int(pos.X+s.Width), int(pos.Y+s.Height))
	})
	return rect
}

// BenchmarkRasterTagLatency: the time from a change to its frame on the
// outputs, with the driver's loop running as on a panel (frames paced at
// 60 Hz). tag: a tag published (as a driver does) 40 ms after the last
// frame; the frame that repaints its widget. tap: a finger taps the
// demo's "Automatic control" toggle, which writes Pump1.Auto; from the
// tap to the frame that repaints the "In automatic" lamp, and how many
// frames were presented for the tap (the toggle's feedback and the lamp
// in one: 1). Reports the median, 95th percentile and worst in ms.
//
//	CGO_ENABLED=0 go test -tags migrated_fynedo,no_emoji -run '^$' -bench RasterTagLatency -benchtime 100x ./hmi/
func BenchmarkRasterTagLatency(b *testing.B) {
	b.Run("tag", func(b *testing.B) {
		out := newPresentLog()
		p := rasterProjects[0]
		r := startRaster(b, p, true, out)
		out.start(pixelBounds(r, r.rt.Scene(p.screen).Widget("ti101").Object))
		var lat []time.Duration
		v := 0.0
		for b.Loop() {
			time.Sleep(40 * time.Millisecond) // the loop idle, the pacing interval past
			out.start(out.watch)
			v += 1.25
			now := time.Now()
			r.rt.DB().Publish(tags.Update{Name: p.tag, Value: tags.Value{V: 20 + float64(int(v)%50) + v/1000, Quality: tags.Good, Time: now}})
			lat = append(lat, out.waitSeen(b).Sub(now))
		}
		reportLatency(b, lat)
	})
	b.Run("tap", func(b *testing.B) {
		out := newPresentLog()
		r := startRaster(b, rasterProjects[0], true, out)
		var err error
		r.rt.UI(func() { err = r.rt.Navigate("pump") })
		if err != nil {
			b.Fatal(err)
		}
		sc := r.rt.Scene("pump")
		toggle := pixelBounds(r, sc.Widget("auto").Object)
		at := image.Pt((toggle.Min.X+toggle.Max.X)/2, (toggle.Min.Y+toggle.Max.Y)/2)
		settled(b, r.rt)
		out.start(pixelBounds(r, sc.Widget("l_auto").Object))
		var lat []time.Duration
		frames := 0
		for b.Loop() {
			time.Sleep(40 * time.Millisecond)
			out.start(out.watch)
			now := time.Now()
			r.win.Pointer(raster.PointerEvent{Kind: raster.PointerDown, X: float32(at.X), Y: float32(at.Y), Touch: true})
			r.win.Pointer(raster.PointerEvent{Kind: raster.PointerUp, X: float32(at.X), Y: float32(at.Y), Touch: true})
			lat = append(lat, out.waitSeen(b).Sub(now))
			frames += out.frames()
		}
		reportLatency(b, lat)
		b.ReportMetric(float64(frames)/float64(b.N), "frames/tap")
	})
}

func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(lat[len(lat)/2]), "median-ms")
	b.ReportMetric(ms(lat[len(lat)*95/100]), "p95-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "worst-ms")
}
