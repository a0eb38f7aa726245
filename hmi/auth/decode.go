package auth

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/pos"
)

// MaxFile bounds a users file: thousands of users at ~300 bytes each.
const MaxFile = 1 << 20

// maxText is the longest string in a users file (as gopage.MaxText).
const maxText = 1024

// maxName is the longest user or role name.
const maxName = 64

// Keys of the file, a user, a role, `session:` and `lockout:`.
var (
	fileKeys    = []string{"users", "roles", "session"}
	userKeys    = []string{"full-name", "role", "roles", "password", "pin", "disabled"}
	roleKeys    = []string{"includes", "write", "navigate", "alarms", "web-control", "leave-kiosk", "reauth"}
	sessionKeys = []string{"idle-logout", "lockout"}
	lockoutKeys = []string{"failures", "backoff", "max-backoff"}
	alarmPerms  = []string{"ack", "shelve", "out-of-service"}
)

// Decode reads a users file (users.yaml, or JSON):
//
//	users:
//	  alice:
//	    full-name: Alice Martin
//	    role: engineer                 # or roles: [engineer, maintenance]
//	    password: "$argon2id$v=19$m=19456,t=2,p=1$…"   # from hmi passwd
//	    pin: "$argon2id$v=19$m=19456,t=2,p=1$…"        # from hmi passwd --pin
//	    disabled: false
//	roles:
//	  operator:
//	    write: ["Pump*.Start", "Pump*.Stop"]   # tag patterns, or all
//	    navigate: all                          # screen patterns, or all
//	    alarms: [ack, shelve]                  # and out-of-service
//	    reauth: ["Setpoint.*"]                 # writes that ask for the secret again and a reason
//	  engineer:
//	    includes: [operator]
//	    write: all
//	    web-control: true
//	    leave-kiosk: true
//	session:
//	  idle-logout: 10m                         # or off; default 15m
//	  lockout: { failures: 5, backoff: 30s, max-backoff: 15m }
//
// Every problem is in the returned list at its file:line:col, with a
// suggestion for a misspelt key, permission or role; the Config is as
// complete as the file allows and must not be used when the list is not
// empty. A file needs at least one user; a user needs a role and a
// password or a PIN. There is no default user and no default password.
func Decode(file string, src []byte) (*Config, pos.ErrorList) {
	var errs pos.ErrorList
	if len(src) > MaxFile {
		errs.Add(pos.Pos{Filename: file, Line: 1, Col: 1}, fmt.Sprintf("users file too large: %d bytes (limit %d)", len(src), MaxFile))
		return nil, errs
	}
	d, root := yamldec.NewDecoder(file, src, "users file", &errs, yamldec.Limits{Errors: pos.MaxErrors, Text: maxText})
	cfg := &Config{File: file, Session: DefaultSession()}
	if root == nil {
		if len(errs) == 0 {
			errs.Add(pos.Pos{Filename: file, Line: 1, Col: 1}, "users file defines no users (delete the file to let everyone do everything)")
		}
		return cfg, errs
	}
	dec := &decoder{d: d, cfg: cfg}
	var users, roles, session *yaml.Node
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		d.Errorf(root, "users file defines no users (delete the file to let everyone do everything)")
		return cfg, errs
	}
	if !d.Fields(root, "users file", fileKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "users":
			users = k
		case "roles":
			roles = k
		case "session":
			session = k
		}
	}) {
		return cfg, errs
	}
	dec.roles(roles, valueOf(root, roles))
	dec.users(root, users, valueOf(root, users))
	if session != nil {
		dec.session(valueOf(root, session))
	}
	errs.RemoveMultiples()
	return cfg, errs
}

// decoder decodes one users file into cfg.
type decoder struct {
	d   *yamldec.Decoder
	cfg *Config
}

// valueOf returns the value of key k in the mapping m.
func valueOf(m, k *yaml.Node) *yaml.Node {
	if k == nil {
		return nil
	}
	m = yamldec.Deref(m)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i] == k {
			return yamldec.Deref(m.Content[i+1])
		}
	}
	return nil
}

// entries calls fn for each entry of a mapping whose keys are names
// (users, roles), reporting a name given twice and a bad name.
func (dec *decoder) entries(n *yaml.Node, what string, fn func(name string, k, v *yaml.Node)) {
	d := dec.d
	if n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "%ss: expected a mapping of names to %ss, got %s", what, what, yamldec.KindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], yamldec.Deref(n.Content[i+1])
		name := d.Str(k, what+" name")
		switch {
		case k.Kind == yaml.ScalarNode && k.Tag != "!!null" && k.Value == "":
			d.Errorf(k, "%s name: empty", what)
		case k.Kind != yaml.ScalarNode || name == "":
			continue
		case badName(name) != "":
			d.Errorf(k, "%s name %q: %s", what, name, badName(name))
		case seen[name]:
			d.Errorf(k, "%s %q given twice", what, name)
		default:
			seen[name] = true
			fn(name, k, v)
		}
	}
}

// badName says what is wrong with a user or role name, or "".
func badName(name string) string {
	if len(name) > maxName {
		return fmt.Sprintf("longer than %d bytes", maxName)
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == ',' {
			return fmt.Sprintf("%q is not allowed in a name", r)
		}
	}
	return ""
}

// roles decodes `roles:`, then checks what refers to roles.
func (dec *decoder) roles(key, n *yaml.Node) {
	includes := map[string][]*yaml.Node{}
	dec.entries(n, "role", func(name string, k, v *yaml.Node) {
		r := Role{Name: name, Pos: dec.d.Pos(k)}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			dec.cfg.Roles = append(dec.cfg.Roles, r) // a role with no permissions
			return
		}
		dec.d.Fields(v, fmt.Sprintf("role %q", name), roleKeys, func(key string, _, v *yaml.Node) {
			dec.permission(&r, key, v, includes)
		})
		dec.cfg.Roles = append(dec.cfg.Roles, r)
	})
	for i := range dec.cfg.Roles {
		r := &dec.cfg.Roles[i]
		for _, inc := range includes[r.Name] {
			dec.include(r, inc)
		}
	}
	dec.cycles(includes)
}

// permission decodes one key of a role.
func (dec *decoder) permission(r *Role, key string, v *yaml.Node, includes map[string][]*yaml.Node) {
	d := dec.d
	switch key {
	case "includes":
		includes[r.Name] = dec.names(v, "includes")
	case "write":
		r.Write = dec.patterns(v, key)
	case "navigate":
		r.Navigate = dec.patterns(v, key)
	case "reauth":
		r.Reauth = dec.patterns(v, key)
	case "alarms":
		dec.alarms(r, v)
	case "web-control":
		r.WebControl = d.Bool(v, key)
	case "leave-kiosk":
		r.LeaveKiosk = d.Bool(v, key)
	}
}

// names reads a name or a list of names.
func (dec *decoder) names(v *yaml.Node, what string) []*yaml.Node {
	var out []*yaml.Node
	one := func(it *yaml.Node) {
		if dec.d.Str(it, what) != "" {
			out = append(out, it)
		} else if it.Kind == yaml.ScalarNode && it.Tag != "!!null" && len(it.Value) <= maxText {
			dec.d.Errorf(it, "%s: empty name", what)
		}
	}
	if v.Kind == yaml.SequenceNode {
		dec.d.List(v, what, one)
	} else {
		one(v)
	}
	return out
}

// include adds the role named by n to r's includes.
func (dec *decoder) include(r *Role, n *yaml.Node) {
	switch {
	case n.Value == r.Name:
		dec.d.Errorf(n, "role %q includes itself", r.Name)
	case !dec.cfg.HasRole(n.Value):
		dec.unknownRole(n)
	case slices.Contains(r.Includes, n.Value):
		dec.d.Errorf(n, "includes: role %q given twice", n.Value)
	default:
		r.Includes = append(r.Includes, n.Value)
	}
}

func (dec *decoder) unknownRole(n *yaml.Node) {
	dec.d.Errorf(n, "unknown role %q%s", n.Value, suggest.DidYouMean(n.Value, dec.cfg.RoleNames()))
}

// cycles reports a role that includes itself through others, at the
// include that closes the loop.
func (dec *decoder) cycles(includes map[string][]*yaml.Node) {
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(name string)
	visit = func(name string) {
		state[name] = active
		stack = append(stack, name)
		r := dec.cfg.Role(name)
		for _, n := range includes[name] {
			if r == nil || !slices.Contains(r.Includes, n.Value) {
				continue // reported already
			}
			switch state[n.Value] {
			case active:
				i := slices.Index(stack, n.Value)
				loop := append(slices.Clone(stack[i:]), n.Value)
				dec.d.Errorf(n, "roles include each other in a loop: %s", strings.Join(loop, " → "))
				r.Includes = slices.DeleteFunc(r.Includes, func(s string) bool { return s == n.Value })
			case unseen:
				visit(n.Value)
			}
		}
		stack = stack[:len(stack)-1]
		state[name] = done
	}
	for _, r := range dec.cfg.RoleNames() {
		if state[r] == unseen {
			visit(r)
		}
	}
}

// patterns reads `all`, a name pattern, or a list of patterns.
func (dec *decoder) patterns(v *yaml.Node, what string) []string {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" {
		dec.d.Errorf(v, "%s: expected all, a pattern or a list of patterns, got %s", what, v.Value)
		return nil
	}
	out := []string{}
	for _, n := range dec.names(v, what) {
		p := n.Value
		if p == "all" {
			p = "*"
		}
		if _, err := path.Match(p, ""); err != nil {
			dec.d.Errorf(n, "%s: bad pattern %q (use * and ? as in Tank*.Level, or all)", what, p)
			continue
		}
		out = append(out, p)
	}
	return out
}

// alarms reads `alarms: [ack, shelve, out-of-service]` (or all).
func (dec *decoder) alarms(r *Role, v *yaml.Node) {
	for _, n := range dec.names(v, "alarms") {
		switch n.Value {
		case "all":
			r.Ack, r.Shelve, r.OutOfService = true, true, true
		case "ack":
			r.Ack = true
		case "shelve":
			r.Shelve = true
		case "out-of-service":
			r.OutOfService = true
		default:
			dec.d.Errorf(n, "alarms: unknown permission %q (ack, shelve, out-of-service or all)%s", n.Value, suggest.DidYouMean(n.Value, alarmPerms))
		}
	}
}

// users decodes `users:`; roles are known by now.
func (dec *decoder) users(root, key, n *yaml.Node) {
	dec.entries(n, "user", func(name string, k, v *yaml.Node) {
		u := User{Name: name, Pos: dec.d.Pos(k)}
		if dec.user(&u, k, v) {
			dec.cfg.Users = append(dec.cfg.Users, u)
		}
	})
	if len(dec.cfg.Users) == 0 && (n == nil || n.Kind == yaml.MappingNode && len(n.Content) == 0 || n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		at := root
		if key != nil {
			at = key
		}
		dec.d.Errorf(at, "users file defines no users (delete the file to let everyone do everything)")
	}
}

// user decodes one user's settings; it reports whether the user is usable.
func (dec *decoder) user(u *User, k, v *yaml.Node) bool {
	d := dec.d
	var roleKey *yaml.Node
	ok := d.Fields(v, fmt.Sprintf("user %q", u.Name), userKeys, func(key string, kn, v *yaml.Node) {
		switch key {
		case "full-name":
			u.FullName = d.Str(v, key)
		case "role", "roles":
			if roleKey != nil {
				d.Errorf(kn, "user %q: give role or roles, not both", u.Name)
				return
			}
			roleKey = kn
			for _, n := range dec.names(v, key) {
				dec.userRole(u, n)
			}
		case "password":
			u.Password = dec.hash(v, key)
		case "pin":
			u.PIN = dec.hash(v, key)
		case "disabled":
			u.Disabled = d.Bool(v, key)
		}
	})
	if !ok {
		return false
	}
	if roleKey == nil {
		d.Errorf(k, "user %q has no role (role: NAME)", u.Name)
	}
	if u.Password == nil && u.PIN == nil && !hasKey(v, "password", "pin") {
		d.Errorf(k, "user %q has no password and no pin (make one with hmi passwd)", u.Name)
	}
	return true
}

func (dec *decoder) userRole(u *User, n *yaml.Node) {
	switch {
	case !dec.cfg.HasRole(n.Value):
		dec.unknownRole(n)
	case slices.Contains(u.Roles, n.Value):
		dec.d.Errorf(n, "user %q: role %q given twice", u.Name, n.Value)
	default:
		u.Roles = append(u.Roles, n.Value)
	}
}

// hasKey reports whether the mapping n has one of keys (given, even if
// its value was refused and reported).
func hasKey(n *yaml.Node, keys ...string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if slices.Contains(keys, n.Content[i].Value) {
			return true
		}
	}
	return false
}

// hash reads a hash line.
func (dec *decoder) hash(v *yaml.Node, what string) *Hash {
	s := dec.d.Str(v, what)
	if s == "" {
		if v.Kind == yaml.ScalarNode && v.Tag != "!!null" && len(v.Value) <= maxText {
			dec.d.Errorf(v, "%s: empty (make a hash with hmi passwd)", what)
		}
		return nil
	}
	h, err := ParseHash(s)
	if err != nil {
		dec.d.Errorf(v, "%s: %v", what, err)
		return nil
	}
	return h
}

// session decodes `session:`.
func (dec *decoder) session(n *yaml.Node) {
	d, s := dec.d, &dec.cfg.Session
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	d.Fields(n, "session", sessionKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "idle-logout":
			s.IdleLogout = dec.idle(v)
		case "lockout":
			dec.lockout(v)
		}
	})
}

// idle reads idle-logout: a duration, or off (0: never).
func (dec *decoder) idle(v *yaml.Node) time.Duration {
	if v.Kind == yaml.ScalarNode && (v.Value == "off" || v.Tag == "!!bool" && v.Value == "false") {
		return 0
	}
	dur := dec.d.Duration(v, "idle-logout")
	if dur > MaxIdleLogout {
		dec.d.Errorf(v, "idle-logout: %s is longer than a day (use off for never)", dur)
		return DefaultIdleLogout
	}
	if dur == 0 {
		return DefaultIdleLogout // reported
	}
	return dur
}

func (dec *decoder) lockout(n *yaml.Node) {
	d, s := dec.d, &dec.cfg.Session
	var backoffNode, maxNode *yaml.Node
	d.Fields(n, "lockout", lockoutKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "failures":
			f := d.Num(v, key)
			if f != math.Trunc(f) || f < 1 || f > maxFailuresSetting {
				d.Errorf(v, "failures: expected a whole number from 1 to %d, got %s", maxFailuresSetting, yamldec.Quoted(v))
				return
			}
			s.Failures = int(f)
		case "backoff":
			s.Backoff, backoffNode = dec.boundedDuration(v, key, DefaultBackoff), v
		case "max-backoff":
			s.MaxBackoff, maxNode = dec.boundedDuration(v, key, DefaultMaxBackoff), v
		}
	})
	if s.MaxBackoff < s.Backoff {
		at := maxNode
		if at == nil {
			at = backoffNode
		}
		d.Errorf(at, "lockout: max-backoff %s is shorter than backoff %s", s.MaxBackoff, s.Backoff)
	}
}

func (dec *decoder) boundedDuration(v *yaml.Node, what string, def time.Duration) time.Duration {
	dur := dec.d.Duration(v, what)
	if dur > MaxBackoffLimit {
		dec.d.Errorf(v, "%s: %s is longer than a day", what, dur)
		return def
	}
	if dur == 0 {
		return def // reported
	}
	return dur
}
