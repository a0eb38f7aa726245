package hmi

import (
	"context"

	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/style"
	"github.com/gohmi/gohmi/tags"
)

// styleEnv is the theme and panel size style sheets see.
func (r *Runtime) styleEnv() style.Env {
	r.mu.Lock()
	theme := r.theme
	r.mu.Unlock()
	size := r.win.Canvas().Size()
	return style.Env{Theme: theme, Width: float64(size.Width), Height: float64(size.Height)}
}

// SetTheme switches the style sheets' @theme on every built screen. UI goroutine.
func (r *Runtime) SetTheme(name string) {
	r.mu.Lock()
	changed := r.theme != name
	r.theme = name
	scenes := make([]*render.Scene, 0, len(r.scenes))
	for _, sc := range r.scenes {
		scenes = append(scenes, sc)
	}
	r.mu.Unlock()
	if !changed {
		return
	}
	env := r.styleEnv()
	for _, sc := range scenes {
		sc.SetEnv(env)
	}
	r.followWindowTheme(r.Scene(r.Current()))
	r.log.Info("theme", "theme", name)
}

// Theme returns the theme in force.
func (r *Runtime) Theme() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.theme
}

// themeLoop follows the project's theme expression: whenever a tag it reads
// changes, it is evaluated again and a new result switches the theme. It
// subscribes to those tags only, so other updates never wake it.
func (r *Runtime) themeLoop(ctx context.Context) error {
	var sub *tags.Subscription
	defer func() {
		if sub != nil {
			sub.Close()
		}
	}()
	var buf []tags.Update
	var x *tags.Expr
	src := "\x00" // no expression compiled yet
	for {
		if p := r.project(); p.Theme.Expr != src {
			src = p.Theme.Expr
			if sub != nil {
				sub.Close()
			}
			var err error
			if x, err = r.currentEnv().Compile(src); err != nil {
				x = nil // reported by Load; keep the theme in force
			}
			var deps []string
			if x != nil {
				deps = x.Deps
			}
			sub = r.db.Subscribe(append([]string{}, deps...))
		}
		if x != nil {
			if v, q, _, err := x.Eval(r.db.Get); err == nil && q != tags.Bad {
				if name, ok := v.(string); ok && name != r.Theme() {
					r.ui(func() { r.SetTheme(name) })
				} else if !ok {
					r.log.Warn("theme expression gives no name", "expr", src, "value", v)
				}
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-sub.C():
			buf = sub.Take(buf[:0])
		}
	}
}

// evalTheme sets the theme its expression gives now (snapshots).
func (r *Runtime) evalTheme() {
	x, err := r.currentEnv().Compile(r.project().Theme.Expr)
	if err != nil {
		return
	}
	if v, q, _, err := x.Eval(r.db.Get); err == nil && q != tags.Bad {
		if name, ok := v.(string); ok {
			r.SetTheme(name)
		}
	}
}
