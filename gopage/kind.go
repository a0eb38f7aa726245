package gopage

import "strconv"

// Kind is the type of a widget property's value.
type Kind uint8

// The property kinds. Case order matters: it is the order of [Kind.String]'s table.
const (
	KindString       Kind = iota // any scalar, kept as text
	KindText                     // text shown to the operator, with {expr} interpolation (see [SplitText])
	KindExpr                     // an expression over tags, e.g. "Tank1.Level > 90"; YAML numbers and bools keep their text
	KindNumber                   // a finite number
	KindInt                      // a whole number
	KindBool                     // true or false
	KindColor                    // #rgb, #rrggbb, #rrggbbaa or a CSS colour name
	KindEnum                     // one of [PropSpec.Enum]
	KindTag                      // a tag name, checked against the tag database by package hmi
	KindScreen                   // a screen name, checked by package hmi
	KindAction                   // what a control does: see [Action]
	KindExprList                 // a list of expressions
	KindPoints                   // a list of [x, y] points
	KindNavItems                 // a list of navigation entries: see [NavItem]
	KindPath                     // a file path relative to the project
	KindPens                     // a trend's list of pens: see [Pen]
	KindDuration                 // a time span such as 10m, 1h30m or 7d: see [ParseDuration]
	KindDurationList             // a list of time spans
)

var kindNames = [...]string{
	KindString:       "string",
	KindText:         "text",
	KindExpr:         "expr",
	KindNumber:       "number",
	KindInt:          "int",
	KindBool:         "bool",
	KindColor:        "color",
	KindEnum:         "enum",
	KindTag:          "tag",
	KindScreen:       "screen",
	KindAction:       "action",
	KindExprList:     "expr list",
	KindPoints:       "points",
	KindNavItems:     "nav items",
	KindPath:         "path",
	KindPens:         "pens",
	KindDuration:     "duration",
	KindDurationList: "duration list",
}

// String returns the kind's lower-case name, e.g. "number".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}
