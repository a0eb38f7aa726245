package hmi

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/internal/suggest"
)

// UsersFile is the name of a project's users file (see package auth); a
// project without one lets everyone do everything.
const UsersFile = "users.yaml"

// LoadOptions are what `hmi run` and `hmi check` may change about how a
// project loads.
type LoadOptions struct {
	// Users is the users file (`--users FILE`), which may lie outside the
	// project; "" is the project's users.yaml, if any. A file named here
	// must exist: a typo must not open every door.
	Users string
}

// LoadWith is [Load] with options. Reloads keep them.
func LoadWith(dir string, kinds Kinds, o LoadOptions) (*Project, error) {
	return loadWith(dir, kinds, nil, o.Users)
}

// usersOpt returns the LoadOptions.Users p was loaded with ("" for nil).
func (p *Project) usersOpt() string {
	if p == nil {
		return ""
	}
	return p.users.opt
}

// users is what a project knows of its users file.
type users struct {
	opt  string   // LoadOptions.Users
	sum  [32]byte // the file's content hash (zero: no file)
	file string   // the file read, or "" when there is none
	cfg  *auth.Config
}

// Users returns the decoded users file, or nil when the project has none
// (everyone may do everything).
func (p *Project) Users() *auth.Config { return p.users.cfg }

// UsersPath returns the users file in use: `--users FILE`, or the
// project's users.yaml when it exists; "" when there is none.
func (p *Project) UsersPath() string { return p.users.file }

// loadUsers reads the users file: LoadOptions.Users, else the project's
// users.yaml when it exists.
func (p *Project) loadUsers(errs *gopage.ErrorList, opt string) {
	p.users.opt = opt
	file := opt
	if file == "" {
		file = filepath.Join(p.Dir, UsersFile)
	}
	src, err := readLimited(file, auth.MaxFile)
	if err != nil {
		if opt == "" && errors.Is(err, fs.ErrNotExist) {
			return
		}
		addReadError(errs, err, gopage.Pos{Filename: file}, "users file")
		p.users.file = file
		return
	}
	p.users.file, p.users.sum = file, sha256.Sum256(src)
	cfg, list := auth.Decode(file, src)
	*errs = append(*errs, list...)
	if len(list) == 0 {
		p.users.cfg = cfg
	}
}

// role checks an action's `role:`: without a users file it warns that
// anyone may do it; with one, a role the file does not define is an error.
func (c *checker) role(a *gopage.Action) {
	if a.Role == "" {
		return
	}
	u := c.p.users
	switch {
	case u.file == "":
		c.p.Warnings.Add(a.RolePos, fmt.Sprintf("warning: role %q is not enforced: the project has no %s, so anyone may do this", a.Role, UsersFile))
	case u.cfg == nil:
		// the users file has errors, reported at their places
	case !u.cfg.HasRole(a.Role):
		c.errs.Add(a.RolePos, fmt.Sprintf("unknown role %q (%s defines %s)%s", a.Role, filepath.Base(u.file), roleNames(u.cfg), suggest.DidYouMean(a.Role, u.cfg.RoleNames())))
	}
}

func roleNames(cfg *auth.Config) string {
	if len(cfg.Roles) == 0 {
		return "no roles"
	}
	return strings.Join(cfg.RoleNames(), ", ")
}
