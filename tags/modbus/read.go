package modbus

import (
	"context"
	"fmt"
	"time"

	"github.com/gohmi/gohmi/tags"
)

// Read reads the named tags from the device now, outside the scan loop,
// in as few requests as [Plan] allows. A tag that cannot be read is Bad
// with the reason; the error is for unknown names and a done ctx. When
// Run is not running, Read connects for the call and closes afterwards.
func (d *Driver) Read(ctx context.Context, names []string) ([]tags.Value, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("modbus %s: %w", d.cfg.Name, err)
	}
	items := make([]*item, len(names))
	for i, name := range names {
		it, err := d.lookup(name)
		if err != nil {
			return nil, err
		}
		items[i] = it
	}
	if d.runs.Load() == 0 {
		defer d.conn.close()
	}
	addrs := addrsOf(items)
	out := make([]tags.Value, len(items))
	for _, r := range Plan(addrs, d.cfg.MaxGap) {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("modbus %s: %w", d.cfg.Name, err)
		}
		data, err := d.read(r)
		at := d.now()
		for _, i := range r.Items {
			out[i] = d.value(items[i], r, data, err, at)
		}
	}
	return out, nil
}

// value is the outcome of request r for one item.
func (d *Driver) value(it *item, r Request, data []byte, err error, at time.Time) tags.Value {
	if err == nil {
		var v any
		if v, err = toEng(it.def, it.addr, r.slice(data, it.addr)); err == nil {
			return tags.Value{V: v, Time: at}
		}
	}
	reason := fmt.Sprintf("%v reading %s", err, r)
	if transportFailed(err) {
		reason = "comm failure: " + err.Error()
	}
	return tags.Value{Quality: tags.Bad, Reason: reason, Time: at}
}
