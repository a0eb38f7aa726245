//go:build !migrated_fynedo

package render_test

import (
	"sync"
	_ "unsafe" // go:linkname
)

// fyneFontCache mirrors Fyne's internal/painter.fontCache, an
// internal/async.Map: a sync.Map without migrated_fynedo.
//
//go:linkname fyneFontCache fyne.io/fyne/v2/internal/painter.fontCache
var fyneFontCache struct{ sync.Map }

// fyneFonts is the number of entries in Fyne's own font cache.
func fyneFonts() (n int) {
	fyneFontCache.Range(func(any, any) bool { n++; return true })
	return n
}
