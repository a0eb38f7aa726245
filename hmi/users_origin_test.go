package hmi_test

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/render/raster"
)

// TestViewersInterleaved: two web viewers logged in as different users
// and the panel's user tap at the same moment, their events interleaved
// in the window's one input queue and handled in one pass: each write is
// checked and audited as its own sender's (eve may write through the web
// view, vic may not, olga is at the panel), not as whoever pressed last.
// A press held by one while another presses is cancelled: the newer
// press is the tap.
func TestViewersInterleaved(t *testing.T) {
	g := startUsers(t, writeUsersProject(t, false))
	g.login("olga")
	win := g.rt.Window().(*raster.Window)
	g.src.Attach(win)
	eve, err := g.rt.Authority().Login("eve", auth.Password(usersPassword), "web 192.0.2.7")
	must(t, err)
	vic, err := g.rt.Authority().Login("vic", auth.Password(usersPassword), "web 192.0.2.8")
	must(t, err)
	web, panel := g.src.Wrap(win, true), g.src.Wrap(win, false)
	var at fyne.Position // the start button's centre, in window pixels
	g.rt.UI(func() {
		c := g.rt.Scene("main").Widget("start").Control()
		p := fyne.CurrentApp().Driver().AbsolutePositionForObject(c).Add(fyne.NewPos(c.Size().Width/2, c.Size().Height/2))
		s := win.Canvas().Scale()
		at = fyne.NewPos(p.X*s, p.Y*s)
	})
	type press struct {
		in   raster.Input
		sess *auth.Session // the web viewer's (Options.Origin), nil for the panel
		kind raster.PointerKind
	}
	send := func(ps ...press) {
		for _, p := range ps {
			e := raster.PointerEvent{Kind: p.kind, X: at.X, Y: at.Y}
			if p.sess != nil {
				e.Origin = p.sess
			}
			p.in.Pointer(e)
		}
		g.rt.UI(func() { win.Frame() }) // handled in one pass, as the loop does
	}
	type row struct {
		action      audit.Action
		actor       string
		where       audit.Where
		target, new string
	}
	rows := func(n int) []row {
		t.Helper()
		var got []row
		eventually(t, "audit rows", func() bool {
			got = got[:0]
			for _, r := range g.since(0) {
				if r.Action == audit.Write || r.Action == audit.WriteRefused {
					got = append(got, row{r.Action, r.Actor, r.Where, r.Target, r.New})
				}
			}
			return len(got) >= n
		})
		return got
	}
	tap := func(in raster.Input, s *auth.Session) []press {
		return []press{{in, s, raster.PointerDown}, {in, s, raster.PointerUp}}
	}
	var all []press
	all = append(all, tap(web, eve)...)
	all = append(all, tap(panel, nil)...)
	all = append(all, tap(web, eve)...)
	all = append(all, tap(web, vic)...) // last: its refusal opens a dialog over the screen
	send(all...)
	// (a refusal is audited when it is decided, a write once written: the
	// rows' order is not the taps')
	want := []row{
		{audit.Write, "eve", audit.Web, "Pump.Run", "true"},
		{audit.Write, "eve", audit.Web, "Pump.Run", "true"},
		{audit.Write, "olga", audit.Panel, "Pump.Run", "true"},
		{audit.WriteRefused, "vic", audit.Web, "Pump.Run", ""},
	}
	got := rows(len(want))
	slices.SortFunc(got, func(a, b row) int { return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	if !slices.Equal(got, want) {
		t.Errorf("write rows\n%+v\nwant\n%+v", got, want)
	}
	g.closeDialogs()
	// eve holds a press while the panel presses and releases: the newer
	// press wins, as the panel's; eve's release is nobody's tap.
	send(press{web, eve, raster.PointerDown}, press{panel, nil, raster.PointerDown}, press{panel, nil, raster.PointerUp},
		press{web, eve, raster.PointerUp})
	got = rows(len(want) + 1)
	if len(got) != len(want)+1 || got[len(want)] != (row{audit.Write, "olga", audit.Panel, "Pump.Run", "true"}) {
		t.Errorf("overlapping presses: rows %+v, want one more write, by olga at the panel", got[len(want):])
	}
}
