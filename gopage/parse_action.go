package gopage

import (
	"gopkg.in/yaml.v3"
)

var (
	actionKeys  = [...]string{"write", "navigate", "login", "logout", "confirm", "role"}
	writeKeys   = [...]string{"tag", "value"}
	navItemKeys = [...]string{"screen", "text"}
)

// action reads {write: {tag, value}, navigate, login, logout, confirm, role}.
func (p *parser) action(n *yaml.Node, name string) *Action {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: expected an action ({write: {tag, value}} or {navigate: screen}), got %s", name, describe(n))
		return nil
	}
	a := &Action{Pos: p.pos(n)}
	ok := true
	for _, kv := range p.pairs(n) {
		var good bool
		switch kv.name {
		case "write":
			a.Write = p.write(kv.val, name)
			good = a.Write != nil
		case "navigate":
			a.Navigate, good = p.nonEmpty(kv.val, name+": navigate", "a screen name")
			a.NavigatePos = p.valuePos(resolve(kv.val))
		case "login":
			a.Login, good = p.login(kv.val, name)
		case "logout":
			a.Logout, good = p.boolean(kv.val, name+": logout")
		case "confirm":
			a.Confirm, good = p.scalar(kv.val, name+": confirm", "a question")
		case "role":
			a.Role, good = p.nonEmpty(kv.val, name+": role", "a role")
			a.RolePos = p.valuePos(resolve(kv.val))
		default:
			p.errorf(kv.key, "%s: unknown action key %q%s", name, kv.name, p.didYouMean(kv.name, actionKeys[:]))
		}
		ok = ok && good
	}
	if ok && a.Write == nil && a.Navigate == "" && a.Login == "" && !a.Logout {
		p.errorf(n, "%s: action needs write, navigate, login or logout", name)
		return nil
	}
	if !ok {
		return nil
	}
	return a
}

// login reads an action's login: true or "password" (the password on the
// on-screen keyboard), "pin" (the PIN on the numeric keypad).
func (p *parser) login(n *yaml.Node, name string) (string, bool) {
	n = resolve(n)
	s, ok := p.scalar(n, name+": login", "true, password or pin")
	if !ok {
		return "", false
	}
	switch s {
	case "true", "password":
		return "password", true
	case "pin":
		return "pin", true
	}
	p.errorf(n, "%s: login: expected true, password or pin, got %q", name, s)
	return "", false
}

func (p *parser) write(n *yaml.Node, name string) *WriteAction {
	n = resolve(n)
	name += ": write"
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: expected {tag: name, value: expression}, got %s", name, describe(n))
		return nil
	}
	w := &WriteAction{}
	var okTag, okValue, seenTag, seenValue bool
	for _, kv := range p.pairs(n) {
		switch kv.name {
		case "tag":
			seenTag = true
			w.Tag, okTag = p.nonEmpty(kv.val, name+" tag", "a tag name")
			w.TagPos = p.valuePos(resolve(kv.val))
		case "value":
			seenValue = true
			w.Value, okValue = p.expr(kv.val, name+" value")
			w.ValuePos = p.valuePos(resolve(kv.val))
		default:
			p.errorf(kv.key, "%s: unknown key %q%s", name, kv.name, p.didYouMean(kv.name, writeKeys[:]))
		}
	}
	if !seenTag {
		p.errorf(n, "%s: missing tag", name)
	}
	if !seenValue {
		p.errorf(n, "%s: missing value", name)
	}
	if !okTag || !okValue {
		return nil
	}
	return w
}

// navItems reads a navbar's [{screen, text}] list.
func (p *parser) navItems(n *yaml.Node, name string) ([]NavItem, bool) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: expected a list of {screen, text}, got %s", name, describe(n))
		return nil, false
	}
	var items []NavItem
	ok := true
	for _, c := range n.Content {
		it, good := p.navItem(resolve(c), name)
		if good {
			items = append(items, it)
		}
		ok = ok && good
	}
	return items, ok
}

func (p *parser) navItem(n *yaml.Node, name string) (NavItem, bool) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: expected {screen, text}, got %s", name, describe(n))
		return NavItem{}, false
	}
	it := NavItem{Pos: p.pos(n)}
	ok, seen := true, false
	for _, kv := range p.pairs(n) {
		var good bool
		switch kv.name {
		case "screen":
			seen = true
			it.Screen, good = p.nonEmpty(kv.val, name+": screen", "a screen name")
			it.ScreenPos = p.valuePos(resolve(kv.val))
		case "text":
			it.Text, good = p.scalar(kv.val, name+": text", "a string")
		default:
			p.errorf(kv.key, "%s: unknown key %q%s", name, kv.name, p.didYouMean(kv.name, navItemKeys[:]))
		}
		ok = ok && good
	}
	if !seen {
		p.errorf(n, "%s: item without screen", name)
		ok = false
	}
	return it, ok
}
