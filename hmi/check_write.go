package hmi

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gohmi/gohmi/gopage"
)

// writeConst checks a write whose value is a constant against the tag it
// writes, as the tag database will at run time: a value the tag's type
// cannot hold (1.5 to an int) or outside its min and max would fail on
// every press, so it is an error at the value.
func (c *checker) writeConst(w *gopage.WriteAction) {
	v, ok := literal(w.Value)
	if !ok {
		return
	}
	for _, t := range c.p.Tags {
		if t.Def.Name != w.Tag {
			continue
		}
		if _, err := t.Def.CheckWrite(v); err != nil {
			c.errs.Add(w.ValuePos, fmt.Sprintf("write to %s: %v", w.Tag, err))
		}
		return
	}
}

// literal returns the value of a constant expression written as a literal:
// a number (int64 when whole and written without a point), true or false.
func literal(src string) (any, bool) {
	s := strings.TrimSpace(src)
	switch s {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f, true
	}
	return nil, false
}
