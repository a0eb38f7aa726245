package hmi

import (
	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/render"
)

// alarmActions are the alarm actions session s may take (every one when
// the project has no users): what an alarm summary's buttons allow.
func (r *Runtime) alarmActions(s *auth.Session) render.AlarmActions {
	a := r.users.auth
	if a.AllowsAll() {
		return render.AlarmActions{Ack: true, Shelve: true, OutOfService: true}
	}
	return render.AlarmActions{Ack: a.Can(s, auth.Ack, ""), Shelve: a.Can(s, auth.Shelve, ""),
		OutOfService: a.Can(s, auth.OutOfService, "")}
}

// mayUseAlarms reports whether session s may use the alarm widget n at
// all: a summary when it may take one of its actions (out of service
// only where the summary offers it), a banner when it may see the screen
// the banner's tap goes to. Viewing is for everyone.
func (r *Runtime) mayUseAlarms(s *auth.Session, n *gopage.Node) bool {
	switch n.Type {
	case "alarm-summary":
		may := r.alarmActions(s)
		service := false
		if p := n.Props["service"]; p != nil {
			service = p.Bool
		}
		return may.Ack || may.Shelve || service && may.OutOfService
	case "alarm-banner":
		if p := n.Props["screen"]; p != nil && p.Str != "" {
			return r.users.auth.Can(s, auth.Navigate, p.Str)
		}
	}
	return true
}
