// Package paint is the raster backend's painter: pure Go (it builds with
// CGO_ENABLED=0), it paints Fyne object trees into an *image.RGBA and
// measures text, implementing [raster.Painter] for the driver in package
// raster.
//
// # What it paints
//
// Every primitive of fyne.io/fyne/v2/canvas: Rectangle (fill, stroke,
// CornerRadius and per-corner radii, Aspect), Circle, Line, Polygon, Arc,
// Text (colour, size, bold/italic/monospace/symbol, alignment,
// FontSource), Image (PNG/JPEG/SVG resources and files, themed icons,
// image.Image values; stretch/contain/original/cover; Translucency,
// ScaleMode, CornerRadius), Raster, LinearGradient and RadialGradient.
// Each object is clipped to the paint's clip rectangle and to its
// clipping ancestors (scrollers, widgets whose renderer clips), as
// package tree walks them. Translucent colours blend with image/draw's
// Over (premultiplied alpha).
//
// Geometry follows Fyne's GL painter, the look of gohmi's GPU window:
// strokes lie inside a shape's outline, a circle is a rectangle whose
// corner radius is half its shorter side, edges fall on whole pixels
// (positions and ends are rounded separately, so touching objects touch).
// So no object paints outside its bounds except a line (its width) and a
// text wider than its object; [Painter.Extent] gives what an object may
// paint, for damage tracking.
//
// Shapes are anti-aliased with golang.org/x/image/vector; a rounded
// rectangle rasterizes only its corner squares (their masks are cached by
// radius and stroke) and fills the rest with whole pixels.
//
// # Partial repaints
//
// Painting any clip rectangle gives, inside it, exactly the pixels a whole
// repaint gives: the area a shape is rasterized over depends on the shape
// alone, never on the clip, and only the compositing is clipped
// (TestPartialEqualsFull checks random trees against random clips).
// Objects whose extent misses the clip are skipped, so repainting one
// value costs a tree walk and a few small draws.
//
// # Text
//
// Text is shaped with go-text/typesetting (HarfBuzz) in the theme's fonts
// (or the text's FontSource), falling back to Fyne's bundled font for the
// style, exactly as Fyne's painters measure it: [Painter.TextSize] returns
// what Fyne's RenderedTextSize returns, and drawing uses the same shaped
// string, so layout and pixels agree. Glyphs are rasterized once per face,
// size and quarter-pixel offset. A new value's string ("21.4 °C") is put
// together from its runes' remembered shapings instead of HarfBuzz when
// every rune is a plain Latin-1/Latin Extended one of the primary face and
// every neighbouring pair shapes together as apart (no kerning, ligature
// or substitution between them): the result is HarfBuzz's glyph for glyph
// (TestComposeMatchesHarfBuzz, FuzzCompose), at a few map lookups.
//
// # Memory
//
// Every cache is bounded (a two-generation approximate LRU, see cache):
// shaped strings by glyph count (64 Ki glyphs), the per-object memo of the
// last shaping by object count (16 Ki), glyph masks by bytes (4 MiB),
// corner masks (1 MiB), decoded images (8 MiB) and scaled images (16 MiB);
// composed shapings by face, size and script (64), with at most 16 Ki
// pairs each.
// An HMI that shows changing numbers all day shapes a new string per value;
// old ones age out. Bitmaps over 4 Mi pixels are refused, not decoded.
//
// # Threading
//
// A Painter keeps caches and scratch buffers and is not safe for
// concurrent use: one goroutine (the driver's loop) owns it. It starts no
// goroutines.
package paint
