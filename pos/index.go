package pos

import "unicode/utf8"

// Index maps line numbers and character columns (as YAML decoders count
// them) to byte columns. Its line breaks are YAML's: "\r\n", "\r", "\n",
// NEL, LS and PS. An Index caches what [Index.At] learns, so it is not
// safe for concurrent use.
type Index struct {
	src   []byte
	start []int  // byte offset of each line's start
	ascii []int8 // per line: 0 not known yet, 1 ASCII only, -1 not

	// The last position At converted: a parser asks for the positions of
	// one line in order, so converting continues from there instead of
	// from the line's start (a one-line file of a megabyte would be
	// quadratic).
	lastLine, lastCol, lastOff int
}

// NewIndex indexes the lines of src.
func NewIndex(src []byte) *Index {
	ix := &Index{src: src, start: []int{0}}
	for i := 0; i < len(src); {
		n := breakLen(src[i:])
		if n == 0 {
			i++
			continue
		}
		i += n
		ix.start = append(ix.start, i)
	}
	return ix
}

// breakLen returns the length of the line break at the start of b, or 0.
func breakLen(b []byte) int {
	switch {
	case b[0] == '\n':
		return 1
	case b[0] == '\r':
		if len(b) > 1 && b[1] == '\n' {
			return 2
		}
		return 1
	case len(b) > 1 && b[0] == 0xC2 && b[1] == 0x85:
		return 2
	case len(b) > 2 && b[0] == 0xE2 && b[1] == 0x80 && (b[2] == 0xA8 || b[2] == 0xA9):
		return 3
	}
	return 0
}

// Src returns the indexed source.
func (ix *Index) Src() []byte { return ix.src }

// Lines returns the number of lines.
func (ix *Index) Lines() int { return len(ix.start) }

// Line returns the bytes of line n (1-based) without its break.
func (ix *Index) Line(n int) []byte {
	if n < 1 || n > len(ix.start) {
		return nil
	}
	end := len(ix.src)
	if n < len(ix.start) {
		end = ix.start[n]
	}
	b := ix.src[ix.start[n-1]:end]
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// End returns the byte offset just past line n and its break.
func (ix *Index) End(n int) int {
	if n >= len(ix.start) {
		return len(ix.src)
	}
	return ix.start[max(n, 0)]
}

// Offset returns the [Pos] of byte offset off (clamped to the source).
func (ix *Index) Offset(filename string, off int) Pos {
	off = min(max(off, 0), len(ix.src))
	line := 1
	lo, hi := 0, len(ix.start)-1
	for lo <= hi { // last line start <= off
		mid := (lo + hi) / 2
		if ix.start[mid] <= off {
			line, lo = mid+1, mid+1
		} else {
			hi = mid - 1
		}
	}
	return Pos{Filename: filename, Line: line, Col: off - ix.start[line-1] + 1}
}

// At converts a line and character column, as yaml.v3 counts them, to a
// byte-column [Pos], clamped to the source.
func (ix *Index) At(filename string, line, col int) Pos {
	line = min(max(line, 1), ix.Lines())
	b := ix.Line(line)
	off, c := 0, 1
	if line == 1 && len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		off = 3 // yaml.v3 does not count the byte order mark
	}
	switch {
	case ix.isASCII(line, b[off:]):
		return Pos{Filename: filename, Line: line, Col: off + min(max(col, 1), len(b)-off+1)}
	case line == ix.lastLine && col >= ix.lastCol:
		off, c = ix.lastOff, ix.lastCol
	}
	for ; c < col && off < len(b); c++ {
		_, w := utf8.DecodeRune(b[off:])
		off += w
	}
	ix.lastLine, ix.lastCol, ix.lastOff = line, c, off
	return Pos{Filename: filename, Line: line, Col: off + 1}
}

// isASCII reports whether line, whose bytes are b, holds only ASCII: then
// characters are bytes.
func (ix *Index) isASCII(line int, b []byte) bool {
	if ix.ascii == nil {
		ix.ascii = make([]int8, len(ix.start))
	}
	if ix.ascii[line-1] == 0 {
		ix.ascii[line-1] = 1
		for _, c := range b {
			if c >= utf8.RuneSelf {
				ix.ascii[line-1] = -1
				break
			}
		}
	}
	return ix.ascii[line-1] == 1
}
