package render_test

import (
	"image"
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/style"
)

func sheet(t *testing.T, src string) []*style.Sheet {
	t.Helper()
	sh, err := style.Parse("t.css", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return []*style.Sheet{sh}
}

const styled = `
screen: s
size: 400x300
root:
  type: canvas
  children:
    - { type: tank, id: tank, value: T.Level, max: 100, x: 20, y: 20, w: 100, h: 200, class: { alarm: "T.Level > 90" } }
    - { type: label, id: title, text: Title, x: 200, y: 20 }
    - { type: rect, id: box, x: 200, y: 100, w: 100, h: 50, fill: "#888888", style: { border-radius: 6px } }
`

func TestStyleClassAndBlink(t *testing.T) {
	scene, w := build(t, styled, render.Options{Sheets: sheet(t, `tank { fill: #4f6278; } tank.alarm { fill: #ff0000; blink: 1s; }`)})
	tank := scene.Widget("tank")
	tank.Set("value", 95.0)
	red := color.NRGBA{0xff, 0, 0, 0xff}
	inside := image.Rect(40, 150, 100, 200)
	if hasColor(w.Canvas().Capture(), inside, red) || scene.Blinks() {
		t.Fatal("red or blinking before the alarm class is on")
	}
	tank.SetClass("alarm", true)
	if !scene.Blinks() {
		t.Fatal("tank.alarm does not blink")
	}
	on := time.Unix(100, 0)                            // first half of a 1 s period
	off := time.Unix(100, int64(600*time.Millisecond)) // second half
	scene.Blink(on)
	if !hasColor(w.Canvas().Capture(), inside, red) {
		t.Error("no red level in the blink's on phase")
	}
	scene.Blink(off)
	if hasColor(w.Canvas().Capture(), inside, red) {
		t.Error("red level in the blink's off phase")
	}
	tank.SetClass("alarm", false)
	if scene.Blinks() {
		t.Error("still blinking without the class")
	}
	if got := tank.Computed().Get("fill"); got != "#4f6278" {
		t.Errorf("fill %s after the alarm cleared", got)
	}
}

func TestStyleMediaFollowsThePanelSize(t *testing.T) {
	scene, w := build(t, styled, render.Options{Sheets: sheet(t, `label { color: #000000; } @media (max-width: 500px) { label { color: #ff0000; } }`)})
	title := scene.Widget("title").Object.(*canvas.Text)
	if c := color.NRGBAModel.Convert(title.Color); c != (color.NRGBA{0xff, 0, 0, 0xff}) {
		t.Errorf("narrow panel: label colour %v, want red", c)
	}
	w.Resize(fyne.NewSize(800, 600))
	if c := color.NRGBAModel.Convert(title.Color); c != (color.NRGBA{0, 0, 0, 0xff}) {
		t.Errorf("wide panel: label colour %v, want black", c)
	}
}

func TestInlineStyleWins(t *testing.T) {
	scene, _ := build(t, styled, render.Options{Sheets: sheet(t, `rect { border-radius: 2px; fill: #00ff00; }`)})
	box := scene.Widget("box").Object.(*canvas.Rectangle)
	if box.CornerRadius != 6 {
		t.Errorf("corner radius %v, want the inline 6", box.CornerRadius)
	}
	if c := color.NRGBAModel.Convert(box.FillColor); c != (color.NRGBA{0, 0xff, 0, 0xff}) {
		t.Errorf("fill %v, want the sheet's green over the screen's grey", c)
	}
}

func TestThemeSwitchRestylesOnlyWhatChanges(t *testing.T) {
	scene, _ := build(t, styled, render.Options{Env: style.Env{Theme: "day"},
		Sheets: sheet(t, `:root { --c: #111111; } @theme night { :root { --c: #eeeeee; } } label { color: var(--c); }`)})
	n := scene.SetEnv(style.Env{Theme: "night", Width: 400, Height: 300})
	if n != 1 {
		t.Errorf("theme switch restyled %d widgets, want the label only", n)
	}
	if got := scene.Widget("title").Computed().Get("color"); got != "#eeeeee" {
		t.Errorf("night label colour %s", got)
	}
}

const controlsStyled = `
screen: c
size: 300x200
root:
  type: column
  id: col
  children:
    - { type: button, id: go, text: Go, on_press: { navigate: x } }
    - { type: label, id: l, text: Hello }
`

func TestStyleReachesFyneControlsAndPadding(t *testing.T) {
	scene, w := build(t, controlsStyled, render.Options{Sheets: sheet(t, `button { background: #ff0000; } column { padding: 20px; }`)})
	img := w.Canvas().Capture()
	btn := scene.Widget("go").Object
	r := image.Rect(int(btn.Position().X)+30, int(btn.Position().Y)+4, int(btn.Position().X)+60, int(btn.Position().Y)+8)
	if !hasColor(img, r, color.NRGBA{0xff, 0, 0, 0xff}) {
		t.Error("the button's background is not the style's red")
	}
	if p := btn.Position(); p.X != 20 || p.Y != 20 {
		t.Errorf("button at %v, want (20,20) inside the column's 20px padding", p)
	}
}
