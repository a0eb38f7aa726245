package raster_test

import (
	"image"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/render/raster"
)

func TestDoBeforeRun(t *testing.T) {
	raster.NewApp(raster.Options{Painter: &boxPainter{}, Clock: clocktest.New(t0)})
	ran := false
	fyne.Do(func() { ran = true })
	if !ran {
		t.Fatal("fyne.Do before Run did not run the function before returning")
	}
	n := 0
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				fyne.Do(func() { n++ }) // serialised: the race detector watches
				fyne.DoAndWait(func() { fyne.Do(func() { n++ }) })
			}
		})
	}
	wg.Wait()
	if n != 800 {
		t.Fatalf("%d functions ran, want 800", n)
	}
}

// run starts the app's loop on a goroutine and returns a function that
// quits it and waits for it to return.
func run(t *testing.T, a *raster.App) (stop func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.Run()
	}()
	return func() {
		a.Quit()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after Quit")
		}
	}
}

func TestQuitTwice(t *testing.T) {
	a := raster.NewApp(raster.Options{Painter: &boxPainter{}, Clock: clocktest.New(t0)})
	started, stopped := make(chan struct{}), make(chan struct{})
	a.Lifecycle().SetOnStarted(func() { close(started) })
	a.Lifecycle().SetOnStopped(func() { close(stopped) })
	stop := run(t, a)
	<-started
	a.Quit()
	stop()
	<-stopped
	a.Quit()
	ran := false
	fyne.Do(func() { ran = true }) // no loop any more: runs here
	if !ran {
		t.Fatal("fyne.Do after Run returned did not run")
	}
}

func TestDoFromGoroutinesWhileRunning(t *testing.T) {
	a := raster.NewApp(raster.Options{Painter: &boxPainter{}, Clock: clocktest.New(t0)})
	stop := run(t, a)
	n, later := 0, 0
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 500 {
				fyne.DoAndWait(func() { n++ })
				fyne.Do(func() { later++ }) // never dropped, even past the queue's bound
			}
		})
	}
	wg.Wait()
	got := 0
	fyne.DoAndWait(func() { got = n })
	stop()
	if got != 2000 || later != 2000 {
		t.Fatalf("DoAndWait ran %d, Do ran %d; want 2000 each", got, later)
	}
}

// recorder is an Output that hands each Present's damage to a channel.
type recorder struct{ c chan []image.Rectangle }

func (r recorder) Present(f *image.RGBA, d []image.Rectangle) error {
	r.c <- append([]image.Rectangle(nil), d...)
	return nil
}

// TestRunPresentsDamage: the loop presents each frame's damage, at most
// one frame per interval: a change right after a frame waits for the
// interval, and two changes within it are one frame.
func TestRunPresentsDamage(t *testing.T) {
	clk := clocktest.New(t0)
	out := recorder{make(chan []image.Rectangle, 4)}
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(400, 300), Painter: &boxPainter{}, Clock: clk, Outputs: []raster.Output{out}})
	w := a.NewWindow("run").(*raster.Window)
	w.SetPadded(false)
	ls, col := labels(5)
	w.SetContent(col)
	stop := run(t, a)
	defer stop()
	if got := <-out.c; !sameRects(got, []image.Rectangle{image.Rect(0, 0, 400, 300)}) {
		t.Fatalf("first Present %v, want the whole frame", got)
	}
	l := newLoopProbe(t, clk, w, ls, out)
	want := []image.Rectangle{l.change(1, "one"), l.change(3, "three")}
	l.none("two changes right after a frame")
	l.step(time.Second / 60)
	l.presents(want...)
}

// TestRunHoldsFrame: a frame due while a hold is in flight waits for its
// release, and at most one interval.
func TestRunHoldsFrame(t *testing.T) {
	clk := clocktest.New(t0)
	out := recorder{make(chan []image.Rectangle, 4)}
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(400, 300), Painter: &boxPainter{}, Clock: clk, Outputs: []raster.Output{out}})
	w := a.NewWindow("run").(*raster.Window)
	w.SetPadded(false)
	ls, col := labels(5)
	w.SetContent(col)
	stop := run(t, a)
	defer stop()
	<-out.c // the first frame, at t0
	l := newLoopProbe(t, clk, w, ls, out)
	clk.Step(time.Second) // long after the last frame: a frame would come at once

	// Released: the frame comes at the release, with what was done meanwhile.
	w.HoldFrame()
	want := l.change(1, "feedback")
	l.none("a frame due while held")
	want2 := l.change(2, "the value written")
	w.ReleaseFrame()
	l.presents(want, want2)

	// Held past an interval: the frame comes after one interval.
	l.clk.Step(time.Second)
	w.HoldFrame()
	want = l.change(3, "held too long")
	l.none("a frame due while held")
	l.step(time.Second / 60)
	l.presents(want)
	w.ReleaseFrame()
	l.none("a release with nothing damaged")
}

// loopProbe changes labels of a running window and watches its Presents.
type loopProbe struct {
	t   *testing.T
	clk *clocktest.Clock
	w   *raster.Window
	ls  []*widget.Label
	out recorder
}

func newLoopProbe(t *testing.T, clk *clocktest.Clock, w *raster.Window, ls []*widget.Label, out recorder) *loopProbe {
	return &loopProbe{t, clk, w, ls, out}
}

// change sets label i's text on the loop and returns its bounds.
func (l *loopProbe) change(i int, text string) (want image.Rectangle) {
	fyne.DoAndWait(func() {
		want = bounds(l.w, l.ls[i])
		l.ls[i].SetText(text)
	})
	return want
}

// none checks that nothing was presented by the loop's turn.
func (l *loopProbe) none(what string) {
	l.t.Helper()
	fyne.DoAndWait(func() {}) // the loop's next turn: the one before decided on its frame
	fyne.DoAndWait(func() {})
	select {
	case got := <-l.out.c:
		l.t.Fatalf("%s: presented %v", what, got)
	default:
	}
}

// step waits for the loop to arm its timer for now+d, then steps there.
func (l *loopProbe) step(d time.Duration) {
	l.t.Helper()
	if !l.clk.WaitArmed(l.clk.Now().Add(d), time.After(10*time.Second)) {
		l.t.Fatalf("the loop did not wait for %v", l.clk.Now().Add(d))
	}
	l.clk.Step(d)
}

// presents checks that the next Present is want, merged.
func (l *loopProbe) presents(want ...image.Rectangle) {
	l.t.Helper()
	select {
	case got := <-l.out.c:
		if !sameRects(raster.Merge(got, image.Rect(0, 0, 400, 300)), raster.Merge(want, image.Rect(0, 0, 400, 300))) {
			l.t.Fatalf("Present %v, want %v", got, want)
		}
	case <-time.After(10 * time.Second):
		l.t.Fatalf("no Present of %v", want)
	}
}

func TestRunTakesInputFromAnyGoroutine(t *testing.T) {
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(400, 300), Painter: &boxPainter{}, Clock: clocktest.New(t0)})
	w := a.NewWindow("input").(*raster.Window)
	w.SetPadded(false)
	tapped := make(chan struct{}, 1)
	b := widget.NewButton("go", func() { tapped <- struct{}{} })
	w.SetContent(container.NewVBox(b))
	stop := run(t, a)
	defer stop()
	var c fyne.Position
	fyne.DoAndWait(func() { c = center(b) })
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { // Pointer is safe from any goroutine
		w.Pointer(raster.PointerEvent{Kind: raster.PointerDown, X: c.X, Y: c.Y, Touch: true})
		w.Pointer(raster.PointerEvent{Kind: raster.PointerUp, X: c.X, Y: c.Y, Touch: true})
	})
	select {
	case <-tapped:
	case <-time.After(10 * time.Second):
		t.Fatal("a tap sent while Run runs did not reach the button")
	}
}

// TestFrameFromAnywhere: Frame from several goroutines at once and from
// functions the loop runs, while labels change: each call gets its own
// results, none waits for another (the race detector watches).
func TestFrameFromAnywhere(t *testing.T) {
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(400, 300), Painter: &boxPainter{}, Clock: clocktest.New(t0)})
	w := a.NewWindow("frames").(*raster.Window)
	ls, col := labels(5)
	w.SetContent(col)
	stop := run(t, a)
	defer stop()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				fyne.Do(func() { ls[g].SetText(time.Duration(i).String()) })
				if f, _ := w.Frame(); f == nil {
					t.Error("Frame returned no frame")
				}
				fyne.DoAndWait(func() { w.Frame() })
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Frame calls did not return")
	}
}
