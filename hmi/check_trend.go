package hmi

import "github.com/gohmi/gohmi/gopage"

// pens checks that every pen of a trend names a tag of the project.
func (c *checker) pens(pens []gopage.Pen) {
	for _, p := range pens {
		c.tag(p.Tag, p.TagPos, false)
	}
}
