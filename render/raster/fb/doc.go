// Package fb shows the raster driver's frames on a Linux framebuffer
// (/dev/fb0): the panel's memory is mapped into the process, and each
// Present copies only the damaged rectangles into it, converting pixels
// from the frame's RGBA to the panel's format on the way.
//
// Geometry, pixel format and line length come from the device
// (FBIOGET_VSCREENINFO and FBIOGET_FSCREENINFO). A regular file works too,
// for tests and for debugging (`hmi run --backend raster --fb FILE`): then
// [Options] give the geometry, and the file holds the raw pixels.
//
// Formats: 32 bits per pixel with 8-bit red, green and blue at bits 16, 8,
// 0 ([XRGB8888]) or 0, 8, 16 ([XBGR8888]), and 16 bits per pixel 5-6-5
// ([RGB565], [BGR565]). Anything else is refused at Open with what the
// device reported. The unused byte of a 32-bit pixel is written 0xFF, so a
// panel that reads it as alpha shows the pixels opaque. Pixels are stored in
// the machine's byte order, as the kernel describes them.
//
// The frame's alpha is ignored: the driver paints opaque frames.
//
// Only Linux has framebuffers: elsewhere Open returns an error saying so.
package fb
