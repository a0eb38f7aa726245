package paint

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"image"
	_ "image/jpeg" // decoders for image resources
	_ "image/png"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
)

const (
	maxSourceBytes = 8 << 20  // decoded images kept, in bytes
	maxScaledBytes = 16 << 20 // scaled images kept (what is on screen), in bytes
	maxImagePixels = 4 << 20  // a larger bitmap is not decoded (16 MB)
	maxSVGPixels   = 4 << 20  // nor is an SVG rasterized larger
)

// imageCache keeps decoded sources (by their content) and their scaled
// pixels (by source, size and scale mode), each bounded by bytes. An
// image set directly (canvas.Image.Image, a raster) is never cached: its
// owner may draw into it between frames.
type imageCache struct {
	seed    maphash.Seed
	sources *cache[string, *source]
	scaledC *cache[scaledKey, *image.RGBA]
}

// source is a decoded image: a bitmap or an SVG (nil fields for one that
// failed, so that a bad file is logged once, not every frame).
type source struct {
	key    string
	img    image.Image
	svg    []byte // SVG content, parsed again for each size (oksvg icons keep state)
	aspect float32
}

type scaledKey struct {
	src  string
	size image.Point
	mode canvas.ImageScale
	crop image.Rectangle
}

func newImageCache() *imageCache {
	return &imageCache{
		seed: maphash.MakeSeed(),
		sources: newCache[string](maxSourceBytes, func(s *source) int {
			if s.img != nil {
				b := s.img.Bounds()
				return b.Dx()*b.Dy()*4 + 64
			}
			return len(s.svg) + 64
		}),
		scaledC: newCache[scaledKey](maxScaledBytes, func(m *image.RGBA) int { return len(m.Pix) + 64 }),
	}
}

// source returns the decoded image of o's Resource or File.
func (ic *imageCache) source(o *canvas.Image) *source {
	key := ic.key(o)
	if key == "" {
		return nil
	}
	if s, ok := ic.sources.get(key); ok {
		return s
	}
	s, err := load(o)
	if err != nil {
		fyne.LogError("paint: image "+imageName(o), err)
		s = &source{}
	}
	s.key = key
	ic.sources.put(key, s)
	return s
}

// key names o's content: a themed resource by its name and the colour it
// is drawn in (computing its content colourizes an SVG: only on a miss),
// another resource by its name and a hash of its bytes, a file by its path,
// size and time.
func (ic *imageCache) key(o *canvas.Image) string {
	if r := o.Resource; r != nil {
		if t, ok := r.(fyne.ThemedResource); ok {
			c := theme.Color(t.ThemeColorName())
			var cr, cg, cb, ca uint32
			if c != nil {
				cr, cg, cb, ca = c.RGBA()
			}
			return fmt.Sprintf("t\x00%s\x00%T\x00%x,%x,%x,%x", r.Name(), r, cr, cg, cb, ca)
		}
		return fmt.Sprintf("r\x00%s\x00%x", r.Name(), maphash.Bytes(ic.seed, r.Content()))
	}
	fi, err := os.Stat(o.File)
	if err != nil {
		return "f\x00" + o.File + "\x00missing"
	}
	return fmt.Sprintf("f\x00%s\x00%d\x00%d", o.File, fi.Size(), fi.ModTime().UnixNano())
}

func imageName(o *canvas.Image) string {
	if o.Resource != nil {
		return o.Resource.Name()
	}
	return o.File
}

// load decodes o's Resource or File.
func load(o *canvas.Image) (*source, error) {
	var data []byte
	name := imageName(o)
	if o.Resource != nil {
		data = o.Resource.Content()
	} else {
		var err error
		if data, err = os.ReadFile(o.File); err != nil {
			return nil, err
		}
	}
	if isSVG(name, data) {
		icon, err := parseSVG(data)
		if err != nil {
			return nil, err
		}
		if icon.ViewBox.W <= 0 || icon.ViewBox.H <= 0 {
			return nil, errors.New("SVG without a view box")
		}
		return &source{svg: data, aspect: float32(icon.ViewBox.W / icon.ViewBox.H)}, nil
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxImagePixels {
		return nil, fmt.Errorf("%dx%d pixels: more than %d", cfg.Width, cfg.Height, maxImagePixels)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return &source{img: img, aspect: aspectOf(img.Bounds())}, nil
}

// isSVG decides as Fyne does: by the extension, else by the first bytes.
func isSVG(name string, data []byte) bool {
	if strings.EqualFold(filepath.Ext(name), ".svg") {
		return true
	}
	if len(data) < 5 {
		return false
	}
	switch strings.ToLower(string(data[:5])) {
	case "<!doc", "<?xml", "<svg ":
		return true
	}
	return false
}

func parseSVG(data []byte) (icon *oksvg.SvgIcon, err error) {
	defer func() {
		if r := recover(); r != nil {
			icon, err = nil, fmt.Errorf("SVG parser panicked: %v", r)
		}
	}()
	return oksvg.ReadIconStream(bytes.NewReader(data))
}

// scaled returns src at size pixels.
func (ic *imageCache) scaled(src *source, size image.Point, mode canvas.ImageScale) *image.RGBA {
	if src.img == nil && src.svg == nil {
		return nil
	}
	return ic.pixels(src, size, mode, image.Rectangle{})
}

// cover returns src scaled to fill size, the excess cropped evenly.
func (ic *imageCache) cover(src *source, size image.Point, mode canvas.ImageScale) *image.RGBA {
	if (src.img == nil && src.svg == nil) || size.X <= 0 || size.Y <= 0 {
		return nil
	}
	view := float32(size.X) / float32(size.Y)
	full := size
	if view > src.aspect {
		full.Y = int(float32(size.X)/src.aspect + 0.5)
	} else {
		full.X = int(float32(size.Y)*src.aspect + 0.5)
	}
	off := full.Sub(size).Div(2)
	return ic.pixels(src, full, mode, image.Rectangle{Min: off, Max: off.Add(size)})
}

// pixels returns src scaled to size, cropped to crop when it is not empty.
func (ic *imageCache) pixels(src *source, size image.Point, mode canvas.ImageScale, crop image.Rectangle) *image.RGBA {
	if size.X <= 0 || size.Y <= 0 || size.X*size.Y > maxSVGPixels {
		return nil
	}
	cacheable := src.key != ""
	k := scaledKey{src: src.key, size: size, mode: mode, crop: crop}
	if cacheable {
		if m, ok := ic.scaledC.get(k); ok {
			return m
		}
	}
	var m *image.RGBA
	if src.svg != nil {
		m = rasterSVG(src.svg, size)
	} else {
		m = scaleTo(src.img, src.img.Bounds(), size, mode)
	}
	if m != nil && !crop.Empty() {
		c := image.NewRGBA(image.Rectangle{Max: crop.Size()})
		copyRect(c, m, crop.Min)
		m = c
	}
	if cacheable && m != nil {
		ic.scaledC.put(k, m)
	}
	return m
}

func copyRect(dst, src *image.RGBA, at image.Point) {
	for y := 0; y < dst.Rect.Dy(); y++ {
		copy(dst.Pix[y*dst.Stride:y*dst.Stride+dst.Rect.Dx()*4], src.Pix[src.PixOffset(at.X, at.Y+y):])
	}
}

// rasterSVG draws the SVG stretched over size pixels (as Fyne's Image
// draws one), nil if it cannot.
func rasterSVG(data []byte, size image.Point) (out *image.RGBA) {
	icon, err := parseSVG(data)
	if err != nil {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			fyne.LogError("paint: SVG renderer panicked", nil)
			out = nil
		}
	}()
	y := 0.0
	if icon.ViewBox.Y < 0 { // Fyne's offset for view boxes above the origin
		y = icon.ViewBox.Y + (-icon.ViewBox.Y/icon.ViewBox.H)*float64(size.Y)
	}
	icon.SetTarget(0, y, float64(size.X), float64(size.Y))
	img := image.NewNRGBA(image.Rectangle{Max: size})
	scanner := rasterx.NewScannerGV(size.X, size.Y, img, img.Bounds())
	icon.Draw(rasterx.NewDasher(size.X, size.Y, scanner), 1)
	out = image.NewRGBA(img.Rect)
	drawSrc(out, img)
	return out
}
