package trends

import (
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/pos"
	"github.com/gohmi/gohmi/tags"
)

// Defaults and bounds of a [Setting].
const (
	DefaultMaxInterval = 10 * time.Minute
	MaxMaxInterval     = 24 * time.Hour
	// MinMaxBytes is the smallest max-size: a few blocks.
	MinMaxBytes = 64 << 10
)

// Setting says how the tags it matches are recorded: one entry of
// hmi.yaml's `history:` list.
type Setting struct {
	// Tag is a tag name or a pattern: '*' matches any run of characters
	// (dots too) and '?' one, as in "Tank*.Level" or "Pump1.*".
	Tag string
	// Deadband is the exception deadband in the tag's units: a sample
	// within it of the last one passed is not a change. DeadbandPct, when
	// not zero, is a percentage of the tag's range (min to max) instead.
	Deadband, DeadbandPct float64
	// Deviation is the swinging door's compression deviation in the tag's
	// units (DeviationPct: in % of its range): the stored line stays within
	// it of every sample. Zero stores every change (lossless but for the
	// deadband).
	Deviation, DeviationPct float64
	// MaxInterval is the longest time between stored points while samples
	// arrive (default [DefaultMaxInterval]).
	MaxInterval time.Duration
	// Retention bounds the tag's stored history.
	Retention Retention
	// Pos is where the entry is, for messages.
	Pos pos.Pos
}

// Retention is how much history a tag keeps: blocks older than MaxAge and
// the oldest blocks beyond MaxBytes are pruned in the background. Zero
// values are no limit.
type Retention struct {
	MaxAge   time.Duration
	MaxBytes int64 // per tag
}

// settingKeys are the keys of one `history:` entry.
var settingKeys = []string{"tags", "deadband", "deviation", "max-interval", "keep", "max-size"}

// Decode reads hmi.yaml's `history:` section: a list of entries (null is
// an empty list), each
//
//   - { tags: "Tank*.Level", deadband: 0.5, deviation: 0.2, max-interval: 10m, keep: 30d, max-size: 50MB }
//
// where tags is a pattern or a list of them (one [Setting] each), deadband
// and deviation are numbers in the tag's units or "N%" of its range,
// max-interval a duration up to a day, keep a duration (with d and w for
// days and weeks) and max-size bytes ("512KB", "50MB", "2GB"). Only tags
// is required. Every problem is added to d's errors at its line and
// column; unknown keys get a suggestion.
func Decode(d *yamldec.Decoder, n *yaml.Node) []Setting {
	n = yamldec.Deref(n)
	if n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	var out []Setting
	d.List(n, "history", func(item *yaml.Node) {
		var base Setting
		var pats []*yaml.Node
		base.Pos = d.Pos(item)
		if !d.Fields(item, "history entry", settingKeys, func(key string, k, v *yaml.Node) {
			decodeKey(d, &base, &pats, key, v)
		}) {
			return
		}
		if pats == nil {
			d.Errorf(item, "history entry: missing tags (a tag name or pattern like \"Tank*.Level\")")
		}
		for _, p := range pats {
			s := base
			s.Tag, s.Pos = p.Value, d.Pos(p)
			out = append(out, s)
		}
	})
	return out
}

func decodeKey(d *yamldec.Decoder, s *Setting, pats *[]*yaml.Node, key string, v *yaml.Node) {
	switch key {
	case "tags":
		*pats = decodePatterns(d, v)
	case "deadband":
		s.Deadband, s.DeadbandPct = decodeBand(d, v, key)
	case "deviation":
		s.Deviation, s.DeviationPct = decodeBand(d, v, key)
	case "max-interval":
		if dur := d.Duration(v, key); dur > MaxMaxInterval {
			d.Errorf(v, "max-interval: %s is longer than a day", dur)
		} else {
			s.MaxInterval = dur
		}
	case "keep":
		s.Retention.MaxAge = decodeAge(d, v)
	case "max-size":
		s.Retention.MaxBytes = decodeSize(d, v)
	}
}

// decodePatterns reads one pattern or a list of them; it always returns
// a non-nil slice so that the key counts as given.
func decodePatterns(d *yamldec.Decoder, v *yaml.Node) []*yaml.Node {
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = items[:0]
		d.List(v, "tags", func(it *yaml.Node) { items = append(items, it) })
	}
	out := make([]*yaml.Node, 0, len(items))
	for _, it := range items {
		p := d.Str(it, "tags")
		if p == "" {
			continue
		}
		if err := checkPattern(p); err != nil {
			d.Errorf(it, "tags: %q: %v", p, err)
			continue
		}
		out = append(out, it)
	}
	return out
}

// checkPattern accepts tag-name characters, dots and the wildcards.
func checkPattern(p string) error {
	for _, r := range p {
		if r != '*' && r != '?' && r != '.' && r != '_' && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return fmt.Errorf("%q is not allowed in a tag pattern (letters, digits, _, ., * and ?)", r)
		}
	}
	return nil
}

// decodeBand reads a non-negative number or "N%" (0 < N ≤ 100).
func decodeBand(d *yamldec.Decoder, v *yaml.Node, what string) (abs, pct float64) {
	if v.Kind == yaml.ScalarNode {
		if num, ok := strings.CutSuffix(strings.TrimSpace(v.Value), "%"); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			if err == nil && f >= 0 && f <= 100 {
				return 0, f
			}
			d.Errorf(v, "%s: expected a percentage from 0%% to 100%%, got %s", what, yamldec.Quoted(v))
			return 0, 0
		}
		f, err := strconv.ParseFloat(v.Value, 64)
		if err == nil && f >= 0 && !math.IsInf(f, 0) {
			return f, 0
		}
	}
	d.Errorf(v, "%s: expected a number ≥ 0 in the tag's units or a percentage like 0.5%%, got %s", what, yamldec.Quoted(v))
	return 0, 0
}

// decodeAge reads a positive duration; d and w count days and weeks.
func decodeAge(d *yamldec.Decoder, v *yaml.Node) time.Duration {
	if v.Kind == yaml.ScalarNode {
		if dur, ok := parseAge(v.Value); ok {
			return dur
		}
	}
	d.Errorf(v, "keep: expected a duration like 30d, 12w or 36h, got %s", yamldec.Quoted(v))
	return 0
}

func parseAge(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if num, ok := strings.CutSuffix(s, suffix); ok {
			n, err := strconv.ParseFloat(num, 64)
			if err != nil || n <= 0 || n > 100*365 {
				return 0, false
			}
			return time.Duration(n * float64(unit)), true
		}
	}
	dur, err := time.ParseDuration(s)
	return dur, err == nil && dur > 0
}

// decodeSize reads a byte count: a number with an optional KB, MB or GB
// (powers of 1024).
func decodeSize(d *yamldec.Decoder, v *yaml.Node) int64 {
	if v.Kind == yaml.ScalarNode {
		if n, ok := parseSize(v.Value); ok {
			if n < MinMaxBytes {
				d.Errorf(v, "max-size: %s is below the smallest, 64KB", yamldec.Quoted(v))
				return 0
			}
			return n
		}
	}
	d.Errorf(v, "max-size: expected a size like 512KB, 50MB or 2GB, got %s", yamldec.Quoted(v))
	return 0
}

func parseSize(s string) (int64, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	mult := 1.0
	for _, u := range []struct {
		suffix string
		mult   float64
	}{{"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"B", 1}} {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(num), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || f*mult > 1<<50 {
		return 0, false
	}
	return int64(f * mult), true
}

// Match resolves settings against the project's tags: which tags are
// recorded and how. A later entry overrides an earlier one for the tags
// both match. String tags are never recorded. Percentages become units
// of the tag's range (its min and max); a tag without both records a
// percentage as 0 (see [Check]). The returned settings have Tag set to the
// tag's name and MaxInterval filled in.
func Match(settings []Setting, defs []tags.Def) map[string]Setting {
	out := make(map[string]Setting)
	for _, def := range defs {
		if def.Type == tags.String {
			continue
		}
		for _, s := range settings {
			if ok, _ := path.Match(s.Tag, def.Name); ok {
				out[def.Name] = resolve(s, def)
			}
		}
	}
	return out
}

// resolve fills in a setting for one tag.
func resolve(s Setting, def tags.Def) Setting {
	s.Tag = def.Name
	if s.MaxInterval <= 0 {
		s.MaxInterval = DefaultMaxInterval
	}
	if def.Min != nil && def.Max != nil {
		span := *def.Max - *def.Min
		if s.DeadbandPct > 0 {
			s.Deadband = s.DeadbandPct / 100 * span
		}
		if s.DeviationPct > 0 {
			s.Deviation = s.DeviationPct / 100 * span
		}
	}
	return s
}

// Check reports settings that match no tag, that match only string tags,
// or that give a percentage for a tag without both min and max.
func Check(settings []Setting, defs []tags.Def) pos.ErrorList {
	var errs pos.ErrorList
	for _, s := range settings {
		matched, numeric := false, false
		for _, def := range defs {
			if ok, _ := path.Match(s.Tag, def.Name); !ok {
				continue
			}
			matched = true
			if def.Type == tags.String {
				continue
			}
			numeric = true
			if (s.DeadbandPct > 0 || s.DeviationPct > 0) && (def.Min == nil || def.Max == nil) {
				errs.Add(s.Pos, fmt.Sprintf("history: a percentage needs the range of tag %s: give it min and max", def.Name))
			}
		}
		switch {
		case !matched:
			errs.Add(s.Pos, fmt.Sprintf("history: %q matches no tag", s.Tag))
		case !numeric:
			errs.Add(s.Pos, fmt.Sprintf("history: %q matches only string tags, which are not recorded", s.Tag))
		}
	}
	return errs
}
