package raster

import (
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// animations are the running fyne.Animations, ticked each frame.
type animations struct {
	mu   sync.Mutex // guards list
	list []*anim
}

type anim struct {
	a       *fyne.Animation
	start   time.Time // zero until the first tick
	reverse bool      // running back (AutoReverse)
	repeats int       // repeats left; fyne.AnimationRepeatForever: no end
}

// StartAnimation starts a, ticked from the next frame on.
func (d *Driver) StartAnimation(a *fyne.Animation) {
	d.anims.mu.Lock()
	defer d.anims.mu.Unlock()
	if slices.ContainsFunc(d.anims.list, func(x *anim) bool { return x.a == a }) {
		return
	}
	d.anims.list = append(d.anims.list, &anim{a: a, repeats: a.RepeatCount})
	d.q.signal()
}

// StopAnimation stops a.
func (d *Driver) StopAnimation(a *fyne.Animation) {
	d.anims.mu.Lock()
	defer d.anims.mu.Unlock()
	d.anims.list = slices.DeleteFunc(d.anims.list, func(x *anim) bool { return x.a == a })
}

func (s *animations) active() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.list) > 0
}

// tick advances every animation to now; finished ones are dropped.
func (s *animations) tick(now time.Time) {
	s.mu.Lock()
	list := slices.Clone(s.list)
	s.mu.Unlock()
	for _, x := range list {
		if !x.tick(now) {
			s.mu.Lock()
			s.list = slices.DeleteFunc(s.list, func(y *anim) bool { return y == x })
			s.mu.Unlock()
		}
	}
}

// tick calls the animation's Tick for now and reports whether it goes on.
func (x *anim) tick(now time.Time) bool {
	if x.start.IsZero() {
		x.start = now
	}
	dur := x.a.Duration
	done := float32(1)
	if dur > 0 {
		done = min(float32(now.Sub(x.start))/float32(dur), 1)
	}
	v := done
	if x.reverse {
		v = 1 - done
	}
	if c := x.a.Curve; c != nil {
		v = c(v)
	}
	if x.a.Tick != nil {
		x.a.Tick(v)
	}
	if done < 1 {
		return true
	}
	x.start = now
	if x.a.AutoReverse && !x.reverse {
		x.reverse = true
		return true
	}
	x.reverse = false
	if x.repeats == fyne.AnimationRepeatForever {
		return true
	}
	if x.repeats > 0 {
		x.repeats--
		return true
	}
	return false
}
