package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/logtest"
)

// TestGLWindowUnderXvfb builds the real binary, starts an X server, runs
// `hmi run` on the demo in a real GL window, waits until the runtime reports
// the start screen with live values, and reads the X screen back (Fyne's
// own Capture of a GL window is empty under Mesa) to check that the window
// was painted. CI installs Xvfb through `make deps`; without it the test
// fails under CI and skips elsewhere.
func TestGLWindowUnderXvfb(t *testing.T) {
	bin, display := needGL(t)
	dir := copyDir(t, "../../screens/demo")

	p := startHMIEnv(t, bin, append(os.Environ(), "DISPLAY="+display, "LANG=C.UTF-8"), "run", dir, "--status-addr", "127.0.0.1:0", "--data", t.TempDir())
	addr := p.statusAddr(t)
	logb := &p.log
	st := waitStatus(t, addr, logb, func(st status) bool { return st.Screen == "overview" && st.UIBatches >= 3 })
	_ = st
	time.Sleep(500 * time.Millisecond) // a few frames for the GL window to paint

	img := screenshot(t, display)
	grey := color.NRGBA{0xcc, 0xcc, 0xcc, 0xff}   // render.Theme background
	header := color.NRGBA{0xb4, 0xb4, 0xb4, 0xff} // the overview's header bar
	total := img.Bounds().Dx() * img.Bounds().Dy()
	if n := countColor(img, grey); n < total/4 {
		t.Errorf("only %d of %d pixels are the panel grey: the window was not painted", n, total)
	}
	if n := countColor(img, header); n < 20000 {
		t.Errorf("only %d pixels of the overview's header: the start screen is not on show", n)
	}
	if t.Failed() {
		saveFailed(t, img)
	}

	// /snapshot.png paints the window from its scene with the software
	// painter: the GL window's own Capture is blank white under Mesa. It
	// shows what the X screen shows, but for antialiasing, 1-pixel offsets
	// of thin borders and live values. Compared left of the blinking alarm
	// tank TK-102, they differed in 2.6 % of the pixels, the pump and
	// settings screens in 15 %, a blank one in 74 %.
	snap := fetchPNG(t, "http://"+addr+"/snapshot.png")
	if b := snap.Bounds(); b.Dx() != 1280 || b.Dy() != 800 {
		t.Fatalf("snapshot.png is %v, want 1280x800", b)
	}
	if c := dominant(snap, snap.Bounds()); countColor(snap, c) > total*9/10 {
		t.Errorf("snapshot.png is %.0f %% one colour %v: blank", 100*float64(countColor(snap, c))/float64(total), c)
	}
	if n := countColor(snap, header); n < 20000 {
		t.Errorf("only %d pixels of the overview's header in snapshot.png", n)
	}
	left := image.Rect(0, 0, 700, 800)
	if n, all := unlike(img, snap, left, 32), left.Dx()*left.Dy(); n > all*6/100 {
		t.Errorf("snapshot.png differs from the X screen in %d of %d pixels", n, all)
	}
	if t.Failed() {
		saveFailedAs(t, "snapshot.png", snap)
	}

	// Hot reload in the GL window: edit the title on disk, wait for the
	// reload to be applied on the UI thread, and see the window repainted.
	path := filepath.Join(dir, "screens", "1-overview.gopage")
	src, _ := os.ReadFile(path)
	t0 := time.Now()
	if err := os.WriteFile(path, bytes.Replace(src, []byte(`text: "{Station.Name}"`), []byte(`text: "RELOADED {Station.Name}"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	st = waitStatus(t, addr, logb, func(st status) bool { return st.Reloads == 1 })
	applied := time.Since(t0)
	if st.LastReload == nil || !st.LastReload.Applied {
		t.Fatalf("reload in the GL window: %+v", st.LastReload)
	}
	t.Logf("GL: save → patch applied on the UI thread: %v (runtime measured %.1f ms from the file event)", applied, st.LastReload.DurationMS)
	deadline := time.Now().Add(5 * time.Second)
	for {
		after := screenshot(t, display)
		if diff := differing(img, after, image.Rect(60, 0, 400, 60)); diff > 100 {
			t.Logf("GL: save → repainted title seen after %v (%d pixels changed)", time.Since(t0), diff)
			break
		}
		if time.Now().After(deadline) {
			saveFailed(t, after)
			t.Fatal("the GL window did not repaint the reloaded title")
		}
	}

	if !p.stop(syscall.SIGTERM, 15*time.Second) {
		t.Errorf("hmi run did not stop on SIGTERM:\n%s", p.hang())
	} else if p.err != nil {
		t.Errorf("hmi run did not exit cleanly on SIGTERM: %v\n%s", p.err, logb.String())
	}
}

type status struct {
	Screen     string `json:"screen"`
	Updates    int64  `json:"tag_updates"`
	UIBatches  int64  `json:"ui_batches"`
	Reloads    int    `json:"reloads"`
	LastReload *struct {
		Applied    bool     `json:"applied"`
		DurationMS float64  `json:"duration_ms"`
		Errors     []string `json:"errors"`
	} `json:"last_reload"`
}

func waitStatus(t testing.TB, addr string, logb *logtest.Buffer, ok func(status) bool) status {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var st status
		if resp, err := http.Get("http://" + addr + "/status"); err == nil {
			_ = json.NewDecoder(resp.Body).Decode(&st)
			resp.Body.Close()
			if ok(st) {
				return st
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("status never got there: %+v\n%s", st, logb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func fetchPNG(t testing.TB, url string) image.Image {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", url, resp.Status)
	}
	img, err := png.Decode(resp.Body)
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return img
}

// unlike counts the pixels of r where a and b differ by more than tol in
// some channel: GL and the software painter antialias differently.
func unlike(a, b image.Image, r image.Rectangle, tol int) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := color.NRGBAModel.Convert(a.At(x, y)).(color.NRGBA)
			q := color.NRGBAModel.Convert(b.At(x, y)).(color.NRGBA)
			if absDiff(p.R, q.R) > tol || absDiff(p.G, q.G) > tol || absDiff(p.B, q.B) > tol {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }

func differing(a, b image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.NRGBAModel.Convert(a.At(x, y)) != color.NRGBAModel.Convert(b.At(x, y)) {
				n++
			}
		}
	}
	return n
}

func copyDir(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func screenshot(t *testing.T, display string) image.Image {
	t.Helper()
	cmd := exec.Command("xwd", "-root", "-silent", "-display", display)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("xwd: %v", err)
	}
	img, err := decodeXWD(out)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// decodeXWD reads the 24/32-bit ZPixmap dumps that xwd makes of an Xvfb screen.
func decodeXWD(b []byte) (image.Image, error) {
	if len(b) < 100 {
		return nil, errors.New("xwd: short file")
	}
	var h [25]uint32
	if err := binary.Read(bytes.NewReader(b[:100]), binary.BigEndian, &h); err != nil {
		return nil, err
	}
	headerSize, format, width, height := h[0], h[2], int(h[4]), int(h[5])
	byteOrder, bpp, stride, ncolors := h[7], h[11], int(h[12]), int(h[19])
	// xwd reports 24 bits per pixel for the root while a GLX window is
	// mapped, with the rows still 4 bytes a pixel: the stride tells.
	if format != 2 || bpp != 24 && bpp != 32 || width == 0 {
		return nil, fmt.Errorf("xwd: format %d, %d bits per pixel; want ZPixmap, 24 or 32", format, bpp)
	}
	step := stride / width
	if step != 3 && step != 4 {
		return nil, fmt.Errorf("xwd: %d bytes a row for %d pixels", stride, width)
	}
	off := int(headerSize) + ncolors*12
	if off+height*stride > len(b) {
		return nil, io.ErrUnexpectedEOF
	}
	img := image.NewNRGBA(image.Rect(0, 0, width, height))
	for y := range height {
		row := b[off+y*stride:]
		for x := range width {
			p := row[x*step : x*step+3]
			if byteOrder != 0 { // most significant byte first: skip the pad byte
				p = row[x*step+step-3 : x*step+step]
				p = []byte{p[2], p[1], p[0]}
			}
			img.SetNRGBA(x, y, color.NRGBA{p[2], p[1], p[0], 0xff})
		}
	}
	return img, nil
}

// countColor counts pixels within 3 levels of c per channel: GL blending
// is not bit-exact with the software painter.
func countColor(img image.Image, c color.NRGBA) int {
	near := func(a, b uint8) bool { return a-b < 4 || b-a < 4 }
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if near(p.R, c.R) && near(p.G, c.G) && near(p.B, c.B) {
				n++
			}
		}
	}
	return n
}

func saveFailed(t *testing.T, img image.Image) { saveFailedAs(t, "gl-window.png", img) }

func saveFailedAs(t *testing.T, name string, img image.Image) {
	dir := filepath.Join("testdata", "failed")
	_ = os.MkdirAll(dir, 0o755)
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return
	}
	defer f.Close()
	_ = pngEncode(f, img)
	t.Logf("wrote %s", f.Name())
}
