package timearg

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxDays keeps d*24h inside a time.Duration.
const maxDays = int64(1<<63-1) / int64(24*time.Hour)

// zoneless are the layouts ParseTime reads in now's location.
var zoneless = []string{
	"2006-01-02",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
}

// ParseTime reads a time given on the command line (`--since`,
// `--until`), for people at a panel:
//
//   - "now";
//   - a duration before now: "24h", "90m", "1h30m", and days, which Go's
//     durations lack: "7d", "1d12h"; a leading minus says the same
//     ("-1h" is an hour ago);
//   - an RFC 3339 time: "2026-11-29T08:00:00Z", "2026-11-29T09:00:00+01:00";
//   - a date, or a date and time without a zone, in now's location:
//     "2026-11-29", "2026-11-29 08:00", "2026-11-29T08:00:05".
func ParseTime(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "now" {
		return now, nil
	}
	if rest, ok := strings.CutPrefix(s, "-"); ok && rest != "" && (rest[0] >= '0' && rest[0] <= '9' || rest[0] == '.') {
		s = rest // "-1h": an hour ago, like "1h"
	}
	if s != "" && (s[0] >= '0' && s[0] <= '9' || s[0] == '.') && !strings.Contains(s, "-") {
		d, err := parseDuration(s)
		if err != nil {
			return time.Time{}, fmt.Errorf("time %q: %v", s, err)
		}
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range zoneless {
		if t, err := time.ParseInLocation(layout, s, now.Location()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: want a duration before now (24h, 7d, 1d12h), an RFC 3339 time (2026-11-29T08:00:00Z) or a local date and time (2026-11-29 08:00)", s)
}

// parseDuration is time.ParseDuration with a leading whole number of days.
func parseDuration(s string) (time.Duration, error) {
	var days int64
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := strconv.ParseInt(s[:i], 10, 64)
		if err != nil || n > maxDays {
			return 0, fmt.Errorf("bad number of days %q", s[:i])
		}
		days, s = n, s[i+1:]
	}
	var d time.Duration
	if s != "" {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("bad duration: %v", strings.TrimPrefix(err.Error(), "time: "))
		}
	}
	total := time.Duration(days) * 24 * time.Hour
	if d > time.Duration(1<<63-1)-total {
		return 0, fmt.Errorf("duration too long")
	}
	return total + d, nil
}
