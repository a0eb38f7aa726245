package paint

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

type imageCache struct{}

func newImageCache() *imageCache { return &imageCache{} }

func (pt *Painter) drawImage(dst *image.RGBA, clip image.Rectangle, o *canvas.Image, pos fyne.Position, scale float32) {
}

func (pt *Painter) drawRaster(dst *image.RGBA, clip image.Rectangle, o *canvas.Raster, pos fyne.Position, scale float32) {
}

func (pt *Painter) drawLinear(dst *image.RGBA, clip image.Rectangle, o *canvas.LinearGradient, pos fyne.Position, scale float32) {
}

func (pt *Painter) drawRadial(dst *image.RGBA, clip image.Rectangle, o *canvas.RadialGradient, pos fyne.Position, scale float32) {
}
