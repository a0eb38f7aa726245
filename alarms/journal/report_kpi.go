package journal

import (
	"fmt"
	"strings"
)

// kpis puts the report's figures beside their ISA-18.2 targets.
func (rep *Report) kpis() []KPI {
	pct := func(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }
	verdict := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "over"
	}
	rate := "ok"
	switch {
	case rep.AvgPerWindow > ManageablePerWindow:
		rate = "over"
	case rep.AvgPerWindow > AcceptablePerWindow:
		rate = "manageable"
	}
	high := rep.Priorities[1] + rep.Priorities[2]
	dist := "—"
	if rep.Activations > 0 {
		n := float64(rep.Activations)
		dist = fmt.Sprintf("high+critical %s, medium %s, low %s",
			pct(float64(high)/n), pct(float64(rep.Priorities[3])/n), pct(float64(rep.Priorities[4])/n))
	}
	return []KPI{
		{"alarms per 10 min (average)", fmt.Sprintf("%.2f", rep.AvgPerWindow),
			fmt.Sprintf("~%g very likely acceptable, %g maximum manageable", AcceptablePerWindow, ManageablePerWindow), rate},
		{"alarms per 10 min (peak)", fmt.Sprint(rep.PeakPerWindow), fmt.Sprintf("≤ %d", FloodAbove),
			verdict(rep.PeakPerWindow <= FloodAbove)},
		{"10-min windows in flood", fmt.Sprintf("%s (%d of %d)", pct(rep.FloodShare), rep.FloodWindows, rep.Windows),
			fmt.Sprintf("< ~%.0f%% (flood: more than %d in 10 min)", 100*TargetFloodShare, FloodAbove), verdict(rep.FloodShare < TargetFloodShare)},
		{"top 10 alarms' share", pct(rep.TopShare), fmt.Sprintf("~1%% to %.0f%% maximum", 100*TargetTopShare),
			verdict(rep.TopShare <= TargetTopShare)},
		{"chattering alarms", fmt.Sprint(len(rep.Chattering)),
			fmt.Sprintf("0 (%d activations within %.0f s)", ChatterCount, ChatterWindow.Seconds()), verdict(len(rep.Chattering) == 0)},
		{"stale alarms", fmt.Sprint(len(rep.Stale)), fmt.Sprintf("< %d (active > %.0f h)", TargetStale, StaleAfter.Hours()),
			verdict(len(rep.Stale) < TargetStale)},
		{"priority distribution", dist, "~5% high, ~15% medium, ~80% low", "info"},
		{"shelved now", list(rep.Shelved), "each shelve authorized and reviewed", "info"},
		{"shelve actions", fmt.Sprint(rep.Shelves), "each authorized and reviewed", "info"},
		{"out of service now", list(rep.OutOfService), "0 unauthorized; each under a work order", "info"},
		{"suppressed by design now", list(rep.Suppressed), "by design only", "info"},
	}
}

func list(names []string) string {
	if len(names) == 0 {
		return "0"
	}
	const show = 5
	s := fmt.Sprintf("%d (%s", len(names), strings.Join(names[:min(len(names), show)], ", "))
	if len(names) > show {
		s += ", …"
	}
	return s + ")"
}
