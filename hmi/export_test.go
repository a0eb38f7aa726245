package hmi

// BadFormat exports badFormat to the black-box tests.
var BadFormat = badFormat

// AsPanelUser exports asPanelUser to the black-box tests.
var AsPanelUser = asPanelUser

// WatchReady is closed once the runtime's file watcher watches the
// project: a test's edits from then on are seen.
func (r *Runtime) WatchReady() <-chan struct{} { return r.watchReady }

// TrendPace is how often a trend on show follows live data.
const TrendPace = trendPace
