// Package style will hold gohmi's CSS-like style language: tokens with
// positions, selectors, specificity, the cascade, variables, themes and sheet
// diffs. Like gopage it imports neither Fyne nor tags. Empty until the style
// engine issue lands.
package style
