package trends

// Uncertainty is what [Historian.QueryUncertain] and
// [Reader.QueryUncertain] add to each [Series] (the [Source] contract
// has no room for it): Columns[i] is true when column i holds a sample
// of Uncertain quality, Last when the series' Last is one.
//
// Uncertain samples are recorded as values (drawn, not a gap) with an
// Uncertain bit; a change between Good and Uncertain cuts the
// compressor's line as Bad does, without a gap, so that the stored
// points delimit the Uncertain stretch.
type Uncertainty struct {
	Columns []bool
	Last    bool
}
