package render

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// NewDropDown is newDropDown for the black-box tests.
func NewDropDown(opts []string, changed func(string)) fyne.Widget { return newDropDown(opts, changed) }

// DropDownSelect is the Select of o when o is a drop-down of the alarm
// widgets.
func DropDownSelect(o fyne.CanvasObject) (*widget.Select, bool) {
	if d, ok := o.(*dropDown); ok {
		return &d.Select, true
	}
	return nil, false
}
