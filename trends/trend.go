package trends

import (
	"context"
	"time"
)

// Sample is one recorded value of a tag. Good is false for a Bad (or
// never received) value: the chart shows a gap from it to the next good
// sample, never a line through it. Uncertain marks a good sample of
// Uncertain quality (a value to show, but not to trust): set by
// [Historian.Samples] and [Reader.Samples]; the columns of a query carry
// it only through [UncertainSource].
type Sample struct {
	T         time.Time
	V         float64
	Good      bool
	Uncertain bool
}

// Column is one pixel column of a range query: the first, last, lowest and
// highest good samples whose times fall in [From, To) (M4: drawing these
// four per column gives the same pixels as drawing every sample). N is
// how many good samples fell in the column; N == 0 means nothing good to
// draw there.
type Column struct {
	From, To              time.Time
	First, Last, Min, Max Sample
	N                     int
	// GapBefore is true when the line must not join this column to the
	// previous one with data: a Bad period (or no recording) lies between
	// them.
	GapBefore bool
}

// Query asks for tags over [From, To) reduced to Width columns.
type Query struct {
	Tags     []string
	From, To time.Time
	Width    int // pixel columns, 1…8192
}

// Series is one tag's answer to a Query: exactly Query.Width columns.
type Series struct {
	Tag     string
	Columns []Column
	// Last is the latest sample at or before To (the legend's value), with
	// Good false when there is none.
	Last Sample
}

// Source answers range queries: the historian, over its stored blocks and
// the samples not yet flushed, so history and live data join without a
// seam. Query must be safe for concurrent use and bounded in time by the
// width, not by the number of samples.
type Source interface {
	Query(ctx context.Context, q Query) ([]Series, error)
}

// UncertainSource is a [Source] that also tells which columns hold a
// sample of Uncertain quality ([Uncertainty], one per series, in the
// order of the series). [Historian] and [Reader] are; the trend widget,
// /history and `hmi history` ask through it when their source is one.
type UncertainSource interface {
	Source
	QueryUncertain(ctx context.Context, q Query) ([]Series, []Uncertainty, error)
}

// ReuseSource is an [UncertainSource] that answers into the memory of an
// earlier answer: QueryInto answers q as QueryUncertain does, overwriting
// and reusing ss and unc (and their columns), which the caller must no
// longer read or hand to anyone. A live trend 1,240 pixels wide with 6
// pens asks for 1.6 MB of columns 10 times a second; [Historian] is one,
// and the trend widget keeps its last answer and one to reuse.
type ReuseSource interface {
	UncertainSource
	QueryInto(ctx context.Context, q Query, ss []Series, unc []Uncertainty) ([]Series, []Uncertainty, error)
}
