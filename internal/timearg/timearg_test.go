package timearg_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/timearg"
)

func TestParseTime(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, cet)
	for _, tc := range []struct {
		in      string
		want    time.Time
		wantErr string
	}{
		{in: "now", want: now},
		{in: "24h", want: now.Add(-24 * time.Hour)},
		{in: "-1h", want: now.Add(-time.Hour)},
		{in: "-7d", want: now.Add(-7 * 24 * time.Hour)},
		{in: " 90m ", want: now.Add(-90 * time.Minute)},
		{in: "1h30m", want: now.Add(-90 * time.Minute)},
		{in: "7d", want: now.Add(-7 * 24 * time.Hour)},
		{in: "1d12h", want: now.Add(-36 * time.Hour)},
		{in: "0s", want: now},
		{in: ".5h", want: now.Add(-30 * time.Minute)},
		{in: "2026-11-29T08:00:00Z", want: time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)},
		{in: "2026-11-29T09:00:00.5+01:00", want: time.Date(2026, 11, 29, 8, 0, 0, 5e8, time.UTC)},
		{in: "2026-11-29", want: time.Date(2026, 11, 29, 0, 0, 0, 0, cet)},
		{in: "2026-11-29 08:00", want: time.Date(2026, 11, 29, 8, 0, 0, 0, cet)},
		{in: "2026-11-29T08:00:05", want: time.Date(2026, 11, 29, 8, 0, 5, 0, cet)},
		{in: "", wantErr: `time "": want a duration`},
		{in: "yesterday", wantErr: `time "yesterday": want a duration`},
		{in: "24", wantErr: `time "24": bad duration: missing unit in duration "24"`},
		{in: "1dd", wantErr: `time "1dd": bad duration`},
		{in: "xd", wantErr: `want a duration`},
		{in: "d1h", wantErr: `want a duration`},
		{in: "99999999999d", wantErr: `bad number of days`},
		{in: "106751d24h", wantErr: `duration too long`},
		{in: "--1h", wantErr: `want a duration`},
		{in: "2026-13-01", wantErr: `want a duration`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := timearg.ParseTime(tc.in, now)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !got.Equal(tc.want) {
				t.Errorf("= %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// FuzzParseTime: no panic; a duration is never in the future; a result
// prints and parses back to the same instant.
//
//	go test -fuzz FuzzParseTime ./alarms/journal/
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"now", "24h", "7d", "1d12h", ".5h", "2026-11-29T08:00:00Z",
		"2026-11-29", "2026-11-29 08:00", "106751d", "1d-1h", "9223372036854775807ns"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := timearg.ParseTime(s, now)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "time ") {
				t.Fatalf("error %q does not name the input", err)
			}
			return
		}
		if c := strings.TrimSpace(s); c != "" && c[0] >= '0' && c[0] <= '9' && !strings.Contains(c, "-") && got.After(now) {
			t.Fatalf("duration %q gave %v, after now", s, got)
		}
		if got.Year() < 0 || got.Year() > 9999 {
			return // outside RFC 3339
		}
		back, err := timearg.ParseTime(got.Format(time.RFC3339Nano), now)
		if err != nil || !back.Equal(got) {
			t.Fatalf("%q → %v → %v, %v", s, got, back, err)
		}
	})
}
