package gopage

import (
	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/pos"
)

// MaxErrors is the most errors [Parse] collects before it stops adding more.
const MaxErrors = pos.MaxErrors

// Pos is a position in a screen file: [pos.Pos], kept here so that code
// written against gopage compiles unchanged.
type Pos = pos.Pos

// Error is one problem in a screen file: [pos.Error].
type Error = pos.Error

// ErrorList is a list of [Error]s: [pos.ErrorList].
type ErrorList = pos.ErrorList

// PosOf returns the position of a yaml.v3 node. yaml.v3 counts columns in
// characters, so on lines holding non-ASCII text before the node the column
// differs from the byte column that [Parse] reports; use [PosIn] when the
// source is at hand.
func PosOf(filename string, n *yaml.Node) Pos {
	if n == nil {
		return Pos{Filename: filename}
	}
	return Pos{Filename: filename, Line: n.Line, Col: n.Column}
}

// PosIn is like [PosOf] but converts the column to bytes using src, the text
// the node was decoded from.
func PosIn(filename string, src []byte, n *yaml.Node) Pos {
	return newLineIndex(src).pos(filename, n)
}

// lineIndex is [pos.Index] with the short names the parser uses.
type lineIndex struct{ *pos.Index }

func newLineIndex(src []byte) *lineIndex { return &lineIndex{pos.NewIndex(src)} }

func (ix *lineIndex) lines() int                { return ix.Lines() }
func (ix *lineIndex) line(n int) []byte         { return ix.Line(n) }
func (ix *lineIndex) at(f string, l, c int) Pos { return ix.At(f, l, c) }

// pos converts a node's position to a byte-column [Pos], clamped to the source.
func (ix *lineIndex) pos(filename string, n *yaml.Node) Pos {
	if n == nil {
		return Pos{Filename: filename, Line: 1, Col: 1}
	}
	return ix.At(filename, n.Line, n.Column)
}
