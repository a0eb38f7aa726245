package hmi

import (
	"github.com/gohmi/gohmi/hmi/auth"
	"strings"

	"github.com/gohmi/gohmi/tags"
)

// The pseudo tags that carry the panel's user into expressions: the
// session's full name (else its user name) and its first role; both ""
// while nobody is logged in. They are read-only and belong to no
// connection; a project that defines a tag named User, or under User.,
// keeps its own and gets none.
const (
	UserNameTag = "User.Name"
	UserRoleTag = "User.Role"
)

// exprDefs are the tags expressions may read: the project's, and the
// User pseudo tags.
func (p *Project) exprDefs() []tags.Def {
	defs := p.Defs()
	return append(defs, userDefs(defs)...)
}

// isUserTag reports whether d is a User pseudo tag (no connection).
func isUserTag(d tags.Def) bool {
	return d.Conn == "" && (d.Name == UserNameTag || d.Name == UserRoleTag)
}

// userDefs are the definitions of the user pseudo tags for a project whose
// tags are defs.
func userDefs(defs []tags.Def) []tags.Def {
	for _, d := range defs {
		if d.Name == "User" || strings.HasPrefix(d.Name, "User.") {
			return nil
		}
	}
	return []tags.Def{{Name: UserNameTag, Type: tags.String}, {Name: UserRoleTag, Type: tags.String}}
}

// showUser publishes the panel's user to the pseudo tags: the binder
// re-evaluates what reads them.
func (r *Runtime) showUser() { r.showUserAs(r.users.panel.Load()) }

// showUserAs publishes the User pseudo tags of session s (nil: nobody).
func (r *Runtime) showUserAs(s *auth.Session) {
	if _, ok := r.db.Def(UserNameTag); !ok {
		return
	}
	name, role := "", ""
	if s != nil {
		name = s.FullName
		if name == "" {
			name = s.User
		}
		_, role = actor(s)
	}
	r.db.Publish(tags.Update{Name: UserNameTag, Value: tags.Value{V: name}}, tags.Update{Name: UserRoleTag, Value: tags.Value{V: role}})
}
