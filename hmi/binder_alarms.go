package hmi

import (
	"github.com/gohmi/gohmi/render"
)

// SetAlarmTags hands the binder what the alarms say about each tag (only
// tags with some alarm state need be in the map). Widgets showing those
// tags get the pseudo-classes :alarm, :alarm-unack and :shelved in the next
// batch; any goroutine may call it, and the map must not change afterwards.
func (b *Binder) SetAlarmTags(m map[string]render.AlarmState) {
	b.post(func() {
		b.alarmTags = m
		b.alarmDirty = true
		b.hadAlarms = b.hadAlarms || len(m) > 0
	})
}

// alarmPatches appends a patch for every widget whose alarm state differs
// from what it shows. A widget's state is the union over the tags its
// bindings read. Run goroutine.
func (b *Binder) alarmPatches(patches []patch) []patch {
	if !b.alarmDirty {
		return patches
	}
	b.alarmDirty = false
	if b.alarmShown == nil {
		b.alarmShown = map[*render.Widget]render.AlarmState{}
	}
	for w, bds := range b.widgets {
		var a render.AlarmState
		if len(b.alarmTags) > 0 {
			for _, bd := range bds {
				for _, p := range bd.parts {
					if p.x == nil {
						continue
					}
					for _, dep := range p.x.Deps {
						s := b.alarmTags[dep]
						a.Alarm = a.Alarm || s.Alarm
						a.Unack = a.Unack || s.Unack
						a.Shelved = a.Shelved || s.Shelved
					}
				}
			}
		}
		// A widget not seen since its screen was bound may still show a
		// state from when its (cached) scene was last on show.
		if old, seen := b.alarmShown[w]; a == old && (seen || !b.hadAlarms) {
			b.alarmShown[w] = a
			continue
		}
		b.alarmShown[w] = a
		patches = append(patches, patch{w: w, alarm: true, as: a})
	}
	for w := range b.alarmShown {
		if _, ok := b.widgets[w]; !ok {
			delete(b.alarmShown, w)
		}
	}
	return patches
}
