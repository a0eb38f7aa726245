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

// TestRunPresentsDamage: the loop presents each frame's damage; frames
// are paced to one per interval with a burst of two, so a change right
// after a frame comes at once (a tap's feedback, then the value it
// wrote), and a third waits for the interval.
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
	change := func(i int, text string) (want image.Rectangle) {
		fyne.DoAndWait(func() {
			want = bounds(w, ls[i])
			ls[i].SetText(text)
		})
		return want
	}
	if want, got := change(1, "at once"), <-out.c; !sameRects(got, []image.Rectangle{want}) {
		t.Fatalf("second Present %v, want the label's bounds %v", got, want)
	}
	want := change(2, "changed")
	select {
	case got := <-out.c:
		t.Fatalf("a third frame %v came before its interval", got)
	default:
	}
	if !clk.WaitArmed(t0.Add(time.Second/60), time.After(10*time.Second)) {
		t.Fatal("the loop did not wait for the next frame time")
	}
	clk.Step(time.Second / 60)
	if got := <-out.c; !sameRects(got, []image.Rectangle{want}) {
		t.Fatalf("Present %v, want the label's bounds %v", got, want)
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
