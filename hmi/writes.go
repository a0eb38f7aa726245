package hmi

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2/dialog"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/tags"
)

type writeReq struct {
	tag  string
	v    any
	done func(error) // called on the UI goroutine
	who  who         // for the audit trail: users_enforce.go
	// release ends the frame hold of the write (binder_hold.go): once
	// the binder applied what the write published, or the write failed
	// to queue.
	release func()
}

// onAction runs a button's action, after confirmation when it asks for one.
func (r *Runtime) onAction(n *gopage.Node, a *gopage.Action) {
	if r.refuseAction(a) { // users_enforce.go
		return
	}
	do := func() {
		if a.Write != nil {
			r.writeExpr(a.Write)
		}
		r.userAction(a)
		if a.Navigate != "" {
			if err := r.Navigate(a.Navigate); err != nil {
				r.log.Error("navigate", "err", err)
			}
		}
	}
	r.confirm(a.Confirm, do, nil)
}

// writeExpr evaluates an action's value expression and queues the write.
func (r *Runtime) writeExpr(w *gopage.WriteAction) {
	x, err := r.currentEnv().Compile(w.Value)
	if err != nil {
		r.showError(fmt.Errorf("write %s: %v", w.Tag, err))
		return
	}
	v, q, why, err := x.Eval(r.db.Get)
	if err == nil && q == tags.Bad {
		err = fmt.Errorf("value unknown: %s", why)
	}
	if err != nil {
		r.showError(fmt.Errorf("write %s: %v", w.Tag, err))
		return
	}
	r.queueWrite(w.Tag, v, func(err error) {
		if err != nil {
			r.showError(err)
		}
	})
}

// onWrite is a control's write: confirm if asked, then queue it.
func (r *Runtime) onWrite(n *gopage.Node, tag string, v any, confirm string, done func(error)) {
	r.confirm(confirm, func() { r.queueWrite(tag, v, done) }, func() { done(errors.New("cancelled")) })
}

func (r *Runtime) confirm(question string, yes, no func()) {
	if question == "" {
		yes()
		return
	}
	dialog.ShowConfirm("Confirm", question, func(ok bool) {
		if ok {
			yes()
		} else if no != nil {
			no()
		}
	}, r.win)
}

// queueWrite hands a write to the writer goroutine, so that a slow device
// never blocks the UI. It runs on the UI goroutine.
func (r *Runtime) queueWrite(tag string, v any, done func(error)) {
	r.guardWrite(tag, v, done, r.enqueueWrite) // users_enforce.go: refused, reauthenticated, or queued
}

func (r *Runtime) enqueueWrite(w writeReq) {
	w.release = r.holdWrite()
	select {
	case r.writes <- w:
	default:
		w.release()
		err := fmt.Errorf("write %s: too many writes pending", w.tag)
		r.auditQueueFull(w, err) // users_enforce.go
		w.done(err)
	}
}

func (r *Runtime) writeLoop(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			r.releaseWrites()
			return nil
		case w := <-r.writes:
			wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := r.auditedWrite(wctx, w)
			cancel()
			r.binder.afterSettled(w.release) // the value it published, in the frame of the tap
			if err != nil {
				r.log.Warn("write refused", "tag", w.tag, "value", w.v, "err", err)
			} else {
				r.log.Info("write", "tag", w.tag, "value", w.v)
			}
			r.ui(func() { w.done(err) })
		}
	}
}

func (r *Runtime) showError(err error) {
	r.log.Warn("action failed", "err", err)
	dialog.ShowError(err, r.win)
}

// BannerErrors returns the errors the banner shows (UI goroutine).
func (r *Runtime) BannerErrors() []string { return r.banner.Errors() }
