// Package render turns a gopage screen into one Fyne scene graph and patches
// it in place as bound values change.
//
// [Build] walks a [gopage.Screen] and creates, for every node, a Fyne object:
// layouts become containers with gohmi's own layouts (design-canvas scaling,
// absolute placement, spaced stacks), process graphics come from
// render/symbol, controls are Fyne widgets. Each node's object is wrapped in a
// [Widget] whose Set and SetStatus methods are what the binder in package hmi
// calls, on the UI goroutine, when an expression bound to a property changes
// value or quality. Render knows nothing of tags or protocols: it is handed
// plain values (bool, int64, float64, string) and a [symbol.Status].
package render
