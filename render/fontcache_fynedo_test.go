//go:build migrated_fynedo

package render_test

import _ "unsafe" // go:linkname

// fyneFontCache mirrors Fyne's internal/painter.fontCache, an
// internal/async.Map, which under migrated_fynedo is a plain map.
//
//go:linkname fyneFontCache fyne.io/fyne/v2/internal/painter.fontCache
var fyneFontCache struct{ m map[any]any }

// fyneFonts is the number of entries in Fyne's own font cache.
func fyneFonts() int { return len(fyneFontCache.m) }
